'use strict';
/**
 * npm start: the package inside a local n8n, with a Truecaller sandbox and the example workflows.
 * Builds and packs, installs (once) an n8n host, installs the tarball as a community package,
 * starts the sandbox, imports credentials pointing at it and the examples, starts n8n and prints
 * the login, every webhook URL and a ready curl line for each. Ctrl-C stops everything it started.
 *
 * Nothing from dist/ may be required before step 1 has built it: on a fresh clone there is none
 * (install scripts are off), and the sandbox checks requests with the compiled validators.
 */
const path = require('path');

const { curlLine, exampleWorkflows, sampleRequests, sandboxCredentials } = require('./examples');
const { DEFAULT_VERSION, HOSTS, ensureHost } = require('./n8n/n8nHost');
const { LocalN8n, ROOT, packPackage } = require('./n8n/n8nServer');

const HELP = `Usage: npm start -- [options]

  --port <n>            n8n port (default: $N8N_PORT, else 5678)
  --sandbox-port <n>    Truecaller sandbox port (default: $TRUECALLER_SANDBOX_PORT, else 5680)
  --n8n-version <v>     n8n host version: ${Object.keys(HOSTS).join(' or ')} (default ${DEFAULT_VERSION})
  --fresh               start from an empty n8n user folder (forget executions and the owner)
  --queue               queue mode instead: Postgres, Redis, n8n main + 1 worker + 2 webhook
                        processes (ports 5810-5813, sandbox 5830; --port is not used). Postgres
                        and Redis run as throwaway servers in a temporary folder (installed with
                        apt-get as root when missing; without root they must be installed)
  --postgres-url <url>  with --queue: use this Postgres instead (postgres://user:password@host:port/db;
                        n8n creates its tables in that database)
  --redis-url <url>     with --queue: use this Redis instead (redis://[user:password@]host:port[/db])
  --help                this text

Everything listens on 127.0.0.1. The n8n host is installed once into ~/.cache/n8n-nodes-truecaller
(several minutes the first time). The user folder is .n8n-local/user-<version> in this clone.`;

function parseArgs(argv) {
	const options = {
		port: Number(process.env.N8N_PORT || 5678),
		sandboxPort: Number(process.env.TRUECALLER_SANDBOX_PORT || 5680),
		version: DEFAULT_VERSION,
		fresh: false,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') options.help = true;
		else if (arg === '--fresh') options.fresh = true;
		else if (arg === '--port') options.port = Number(argv[++i]);
		else if (arg === '--sandbox-port') options.sandboxPort = Number(argv[++i]);
		else if (arg === '--n8n-version') options.version = argv[++i];
		else if (arg === '--queue') options.queue = true;
		else if (arg === '--postgres-url') options.postgresUrl = argv[++i];
		else if (arg === '--redis-url') options.redisUrl = argv[++i];
		else throw new Error(`Unknown option ${arg}\n\n${HELP}`);
	}
	return options;
}

const step = (n, text) => console.log(`\n[${n}/5] ${text}`);
/** What this run started, so that any exit stops it. */
const running = { n8n: null, sandbox: null };

async function stopAll() {
	await running.n8n?.stop();
	await running.sandbox?.close();
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.help) return console.log(HELP);
	if ((options.postgresUrl || options.redisUrl) && !options.queue)
		throw new Error(`--postgres-url and --redis-url go with --queue\n\n${HELP}`);
	if (options.queue) return await require('./start-queue').startQueue(options);
	const started = Date.now();

	step(1, 'Building and packing n8n-nodes-truecaller');
	const tarball = packPackage();
	console.log(`      ${path.relative(ROOT, tarball)}`);

	step(2, `Making sure a local n8n ${options.version} exists`);
	const host = ensureHost(options.version);

	step(3, 'Installing the tarball as a community package');
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', `user-${options.version}`),
		port: options.port,
		fresh: options.fresh,
	});
	running.n8n = n8n;
	n8n.installPackage(tarball);

	step(4, 'Starting the Truecaller sandbox');
	const { createSandbox } = require('./sandbox/sandbox');
	const sandbox = createSandbox({ port: options.sandboxPort });
	await sandbox.listen();
	running.sandbox = sandbox;
	console.log(
		`      ${sandbox.url}  (campaigns: ${sandbox.campaignUrl}, True Pulse: ${sandbox.truePulseUrl})`,
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox...');
		await stopAll();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	step(5, 'Importing credentials and example workflows, starting n8n');
	const workflows = exampleWorkflows();
	n8n.importCredentials(sandboxCredentials(sandbox));
	n8n.importWorkflows(workflows);
	n8n.publish(workflows.map((w) => w.id));
	await n8n.start((message) => console.log(`      ${message}`));
	const owner = await n8n.setupOwner();
	const samples = sampleRequests();
	// Only the imported examples: the queue-mode one needs Postgres and runs under --queue.
	for (const workflow of workflows) {
		const sample = samples[workflow.id];
		if (sample) await n8n.waitForWebhook(sample.path, (message) => console.log(`      ${message}`));
	}

	console.log(
		`\nn8n ${options.version} is running at ${n8n.baseUrl}  (ready in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
	);
	console.log(`  login:    ${owner.email} / ${owner.password}`);
	console.log(
		`  sandbox:  ${sandbox.url}/  (every request Truecaller or True Pulse would have received)`,
	);
	console.log('\nWebhooks of the example workflows, each with a ready request:');
	for (const workflow of workflows) {
		const sample = samples[workflow.id];
		if (!sample) continue;
		const url = `${n8n.baseUrl}/webhook/${sample.path}${sample.query ?? ''}`;
		console.log(`\n  ${workflow.name}\n  ${url}`);
		console.log(`  ${curlLine(n8n.baseUrl, sample)}`);
	}
	console.log('\nCtrl-C stops n8n and the sandbox.');
}

main().catch(async (error) => {
	console.error(error.message ?? error);
	await stopAll();
	process.exit(1);
});
