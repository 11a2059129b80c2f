// Container healthcheck (docker-compose.yml, Dockerfile): exits 0 when /readyz on 127.0.0.1:<port>
// answers 200 within 5 s. Plain JavaScript, no dependency: it runs as often as every few seconds.
const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
