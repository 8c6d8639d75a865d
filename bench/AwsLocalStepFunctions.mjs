// The aws-local-stepfunctions npm package on the shared 20-state Pass chain: executions per second
// of one Node.js thread, one execution after another, after a warm-up.
// Usage: node bench/AwsLocalStepFunctions.mjs NODE_MODULES DEFINITION SECONDS
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const [modules, definitionFile, secondsText] = process.argv.slice(2);
const { StateMachine } = createRequire(modules + '/')('aws-local-stepfunctions');
const machine = new StateMachine(JSON.parse(readFileSync(definitionFile, 'utf8')));
const input = { a: 'x', n: 1 };
const expected = JSON.stringify({ a: 'x', b: 1, r5: { k: 5 } });

async function runFor(millis) {
  let executions = 0;
  const until = performance.now() + millis;
  while (performance.now() < until) {
    const output = await machine.run(input).result;
    if (executions === 0 && JSON.stringify(output) !== expected) {
      throw new Error('the pass chain answered ' + JSON.stringify(output));
    }
    executions++;
  }
  return executions;
}

const seconds = Number(secondsText);
await runFor(Math.min(5, seconds) * 1000);
const executions = await runFor(seconds * 1000);
console.log(`aws-local-stepfunctions: ${executions} executions in ${seconds} s`);
console.log(`RESULT ${(executions / seconds).toFixed(0)}`);
