# pinterest-ads-mcp for a team: streamable HTTP, state in PostgreSQL (see "Deploy for a team" in the README).
#
#   docker build -t pinterest-ads-mcp .
#   docker compose up        (PostgreSQL, two replicas, nginx: compose.yaml)
#
# Two stages: the first builds wheels (with pip and whatever a build needs), the second installs only
# those wheels into a clean image and runs as an unprivileged user. No compiler, no package
# manager cache and no source tree end up in the final image.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY pinterest_ads_mcp ./pinterest_ads_mcp
RUN python -m pip wheel --no-cache-dir --wheel-dir /wheels '.[team]'

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PINTEREST_ADS_STATE_DIR=/var/lib/pinterest-ads-mcp \
    PINTEREST_MCP_STATELESS=true
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir --no-index --find-links /wheels 'pinterest-ads-mcp[team]' \
    && rm -rf /wheels \
    && python -m pip uninstall -y pip setuptools wheel \
    && useradd --system --uid 10001 --home-dir /var/lib/pinterest-ads-mcp --create-home --shell /usr/sbin/nologin mcp \
    && chmod 0700 /var/lib/pinterest-ads-mcp
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status == 200 else 1)"]
# The bearer token (PINTEREST_MCP_HTTP_TOKEN) is required off loopback; the server refuses to start without it.
ENTRYPOINT ["pinterest-ads-mcp", "--transport", "streamable-http", "--host", "0.0.0.0", "--port", "8000"]
