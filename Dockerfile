# syntax=docker/dockerfile:1
# Parcours image: the HTTP server, the workers and the migrations (one image, three commands; see
# docker-compose.yml). Node's version is the one the tests run on.

# 1. Production dependencies only. Install scripts are skipped: none is needed at run time (the
#    native parts ship prebuilt in their packages; embedded PostgreSQL is for `npm start`, not here).
FROM node:20.20.2-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 2. The application, run as the unprivileged `node` user, files owned by root (read only for it).
FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY activities ./activities
COPY api ./api
COPY app ./app
COPY bin ./bin
COPY db ./db
COPY domain ./domain
COPY web ./web
COPY workflows ./workflows
USER node
EXPOSE 3000
# The server's readiness (PostgreSQL, migrations, Temporal); the workers' is set in docker-compose.yml.
HEALTHCHECK --interval=10s --timeout=6s --start-period=30s --retries=3 CMD ["node", "bin/healthcheck.mjs", "3000"]
CMD ["node", "--import", "tsx", "bin/server.ts"]
