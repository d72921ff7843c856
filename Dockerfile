# One image for the API, the worker, the data APIs and the Safari simulator (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY supabase ./supabase
ENV NODE_ENV=production
# Webhooks to loopback and LAN addresses stay refused unless the operator turns them on.
ENV WEBHOOK_ALLOW_PRIVATE=false
USER node
CMD ["node", "--import", "tsx", "src/api/server.ts"]
