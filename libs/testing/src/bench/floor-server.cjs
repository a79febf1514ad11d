// The floor server's process (see floor-server.ts): a bare node:http server on loopback that
// answers every request, once read to its end, with status 200 and the bytes it was sent.
// It gets { answer: Uint8Array, contentType } and sends back { port }.
'use strict';
const { createServer } = require('node:http');

process.once('message', ({ answer, contentType }) => {
  const bytes = Buffer.from(answer);
  const headers = { 'content-type': contentType, 'content-length': String(bytes.length) };
  const server = createServer((request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(200, headers);
      response.end(bytes);
    });
  });
  // Like the services' own servers, which keep a client's connection between its requests.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // Ends with its parent.
  process.once('disconnect', () => process.exit(0));
});
