"""Shared state in PostgreSQL for a deployment of several replicas (``PINTEREST_ADS_DATABASE_URL``).

Needs the ``team`` extra (``pip install 'pinterest-ads-mcp[team]'``): psycopg 3.
"""
