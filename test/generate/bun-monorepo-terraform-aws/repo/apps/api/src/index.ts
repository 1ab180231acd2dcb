export default { port: 3000, fetch: () => new Response("ok") };
