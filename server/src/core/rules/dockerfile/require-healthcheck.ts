import { finalStage, stageCommands, stageLineage } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';

/** Programs that serve requests until stopped. */
const SERVERS = new Set(['nginx', 'httpd', 'apache2-foreground', 'caddy', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress-serve', 'php-fpm', 'puma', 'rails', 'unicorn', 'traefik', 'envoy', 'redis-server', 'postgres', 'mysqld', 'mongod']);
/** Words after a program that start a server: `bun run start`, `npm start`, `flask run`, `manage.py runserver`. */
const SERVING_WORDS = /^(?:start|serve|server|runserver|run-server|web)$/;

export default defineRule({
  id: 'dockerfile/require-healthcheck',
  kinds: ['dockerfile'],
  severity: 'info',
  docs: {
    summary: 'An image that serves (its final stage `EXPOSE`s a port or starts a server) declares a `HEALTHCHECK`.',
    rationale:
      'Docker, Compose and Swarm only know that a service process is alive, not that it answers: without a health check a ' +
      'server stuck in a deadlock or still warming up receives traffic, and `depends_on: condition: service_healthy` cannot ' +
      'work. `HEALTHCHECK CMD …` in the final stage (or a stage it is built on) says how to ask. Orchestrators with probes of ' +
      'their own (Kubernetes ignores `HEALTHCHECK`) make it redundant: write `HEALTHCHECK NONE` to record that choice. Images ' +
      'that do not serve (command-line tools, jobs, build stages) are not judged.',
  },
  messages: {
    expose: 'The final stage exposes `{port}` but declares no `HEALTHCHECK`; add one (or `HEALTHCHECK NONE` when the orchestrator probes it).',
    server: 'The final stage starts the server `{command}` but declares no `HEALTHCHECK`; add one (or `HEALTHCHECK NONE` when the orchestrator probes it).',
  },
  check(ctx) {
    const stage = finalStage(ctx.file);
    if (!stage) return;
    const lineage = stageLineage(ctx.file, stage);
    if (lineage.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
    const expose = stage.instructions.find((i) => i.keyword === 'EXPOSE' && i.args.length > 0);
    if (expose) {
      ctx.report({ messageId: 'expose', data: { port: expose.args[0].value }, range: expose.args[0].range });
      return;
    }
    const commands = stageCommands(ctx.file).get(stage) ?? [];
    for (const c of commands) {
      if (c.instruction.keyword !== 'CMD' && c.instruction.keyword !== 'ENTRYPOINT') continue;
      const program = c.argv[0]?.replace(/^.*\//, '') ?? '';
      if (!SERVERS.has(program) && !c.argv.slice(1, 3).some((w) => SERVING_WORDS.test(w))) continue;
      const words = c.found.command.words;
      const start = c.found.script.toSource(words[c.found.program].start);
      const end = c.found.script.toSource(words[words.length - 1].end);
      ctx.report({ messageId: 'server', data: { command: c.argv.join(' ') }, range: { start, end } });
      return;
    }
  },
});
