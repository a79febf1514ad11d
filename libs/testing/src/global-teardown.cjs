module.exports = async function globalTeardown() {
  for (const container of globalThis.__omniContainers ?? []) await container.stop();
};
