# csp-hub server and browser client. Build: docker build -t csp-hub .
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/var/lib/csp-hub
WORKDIR /app
# fonts-dejavu-core: the text in chart images drawn for emails (resvg reads the system fonts).
RUN apt-get update && apt-get install -y --no-install-recommends curl fonts-dejavu-core && rm -rf /var/lib/apt/lists/* \
  && useradd --system --home /app csp && mkdir -p /var/lib/csp-hub && chown csp /var/lib/csp-hub
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client ./client
COPY --from=build /app/reference ./reference
USER csp
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD curl -fsS http://127.0.0.1:3000/api/health || exit 1
CMD ["node", "dist/src/main.js"]
