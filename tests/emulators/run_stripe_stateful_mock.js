// Starts stripe-stateful-mock on 127.0.0.1 only (its own CLI binds every interface) and
// prints the port it got. Usage: node run_stripe_stateful_mock.js [port]
const { createExpressApp } = require('stripe-stateful-mock');
const log = require('loglevel');
log.setLevel(process.env.LOG_LEVEL || 'warn');
const server = createExpressApp().listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(server.address().port);
});
