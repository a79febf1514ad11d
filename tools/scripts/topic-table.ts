import { topicCatalog } from '@omni/contracts';

// Prints the README's topic table from the contract catalog: `npm run topics:table`.
const days = (ms: number) => `${Math.round(ms / 86_400_000)} d`;
const rows = topicCatalog.map((t) => {
  const names = t.eventTypes.map((e) => `\`${e.type}\` v${e.version}`);
  const types =
    names.length === 0
      ? 'original message'
      : names.length > 4
        ? `${names.length} channel event types`
        : names.join(', ');
  const key = t.key.split('. ')[0].replace(/\.$/, '');
  return `| \`${t.name}\` | ${t.producer} | ${t.consumers.join(', ') || '—'} | ${t.partitions} | ${days(t.retentionMs)} | ${key} | ${types} |`;
});
console.log(
  [
    '| topic | producer | consumers | partitions | retention | key | events |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
