"""The web server: SPARQL 1.1 Protocol, Linked Data dereferencing, HTML pages, dumps.

Import :func:`gongkai.server.app.create_app` for the ASGI app; this package stays light
so that query worker processes import only what they need.
"""
