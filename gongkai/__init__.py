"""gongkai (公开): linked data from China's government information-disclosure annual reports."""

__version__ = "0.1.0"
