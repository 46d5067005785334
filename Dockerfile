# Compensa API image: build with the dev toolchain, run with production dependencies only.
FROM node:24-slim AS build
WORKDIR /app
# Dependencies first, so source edits do not reinstall them. --ignore-scripts keeps `prepare` (a build) from
# running before the sources are here; `npm rebuild` then runs the dependencies' own install scripts.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild
# Only what tsconfig.build.json compiles (no host node_modules or dist).
COPY tsconfig.json tsconfig.base.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
COPY test/support ./test/support
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["npm", "start"]
