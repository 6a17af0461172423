import { checkBundleLoads } from './bundle-loads'
import { runScenario } from './concurrency'
import { timeContender } from './overhead'

/** What bench/fresh-process.ts can run in a new process: name → function of one JSON input. */
const tasks = { scenario: runScenario, overhead: timeContender, bundleLoads: checkBundleLoads }
export type Tasks = typeof tasks

const [name, input] = process.argv.slice(2) as [keyof Tasks, string]
const result = await tasks[name](JSON.parse(input))
process.stdout.write(JSON.stringify(result))
// Hung requests and library timers would keep the process alive; the answer is out.
process.exit(0)
