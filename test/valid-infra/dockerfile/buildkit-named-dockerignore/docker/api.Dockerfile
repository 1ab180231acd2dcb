FROM oven/bun:1.1-alpine AS deps
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.1-alpine
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER bun
EXPOSE 3000
HEALTHCHECK CMD ["wget", "-qO-", "http://127.0.0.1:3000/health"]
CMD ["bun", "src/index.ts"]
