'use strict';
/**
 * The README's quick start, as a new user runs it: a fresh clone of the committed HEAD in a new
 * temporary folder (no dist/, no node_modules, no .n8n-local), the exact command from the README's
 * "Quick start" block, and nothing shared with this checkout except the cached n8n host. Passes when
 * the ready line is printed; the command is then stopped by its process group, as Ctrl-C would.
 *
 * Ports: N8N_QUICKSTART_PORT (default 5760) for n8n and the next-but-one for the sandbox, passed
 * through N8N_PORT and TRUECALLER_SANDBOX_PORT, which `npm start` honours. `npm start -- --queue`
 * runs the same way from a clone in a 0700 folder (as a clone under /root is), on the queue
 * topology's ports (N8N_QUEUE_PORT_OFFSET shifts them).
 */
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const ROOT = path.join(__dirname, '..', '..');
const PORT = Number(process.env.N8N_QUICKSTART_PORT || 5760);
const SANDBOX_PORT = PORT + 3;
/** npm install (about 20 s), build and pack, n8n start-up and activation on a loaded 2-core machine. */
const READY_WITHIN_MS = 8 * 60 * 1000;
const READY_LINE = /^n8n \S+ is running at http:\/\/localhost:(\d+)/m;
/** The last line `npm start -- --queue` prints once ready: every curl line is out before it. */
const QUEUE_READY_LINE = /^Ctrl-C stops everything it started\./m;

/** The first command of the README's Quick start block: what a new user pastes. */
function readmeQuickStartCommand() {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const section = readme.split(/^## Quick start$/m)[1];
	assert.ok(section, 'README.md has a "## Quick start" section');
	const block = /```sh\n([\s\S]*?)```/.exec(section);
	assert.ok(block, 'the Quick start section has a ```sh block');
	return block[1].split('\n')[0].trim();
}

/** The environment of a new user's shell: none of npm's settings from the `npm test` running us. */
function userEnvironment() {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE_TEST_CONTEXT',
		),
	);
	return { ...env, N8N_PORT: String(PORT), TRUECALLER_SANDBOX_PORT: String(SANDBOX_PORT) };
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function waitForExit(child, ms) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** A fresh clone of the committed HEAD in a new 0700 folder, removed after the test. */
function pristineClone(t) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'truecaller-quickstart-'));
	fs.chmodSync(folder, 0o700);
	const clone = path.join(folder, 'n8n-nodes-truecaller');
	t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
	const cloned = spawnSync('git', ['clone', '--quiet', ROOT, clone], { encoding: 'utf8' });
	assert.equal(cloned.status, 0, `git clone failed: ${cloned.stderr}`);
	assert.ok(!fs.existsSync(path.join(clone, 'dist')), 'the clone has nothing built');
	assert.ok(!fs.existsSync(path.join(clone, 'node_modules')), 'the clone has nothing installed');
	return clone;
}

/**
 * Runs `command` in `cwd` in its own process group (so that stopping it reaches npm, node, n8n and
 * the task runner alike) until `readyLine` is printed. Returns the output so far, the seconds it
 * took, and stop(), which sends Ctrl-C's SIGINT to the group and waits for it to exit.
 */
async function runUntilReady(t, command, cwd, readyLine) {
	const started = Date.now();
	const child = spawn('bash', ['-c', command], {
		cwd,
		env: userEnvironment(),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const stopGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			// already gone
		}
	};
	// A failed assertion must not leave servers behind: Ctrl-C first, so that npm start stops what it
	// started (the queue topology's processes run in groups of their own), then SIGKILL.
	t.after(async () => {
		stopGroup('SIGINT');
		if (!(await waitForExit(child, 60000))) stopGroup('SIGKILL');
	});
	const ready = await new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), READY_WITHIN_MS);
		const check = () => {
			if (readyLine.test(output)) {
				clearTimeout(timer);
				resolve(true);
			}
		};
		child.stdout.on('data', check);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(readyLine.test(output));
		});
	});
	const tail = () => output.split('\n').slice(-40).join('\n');
	assert.ok(
		ready,
		`no ready line within ${READY_WITHIN_MS / 1000} s; the output ended with:\n${tail()}`,
	);
	return {
		output,
		seconds: ((Date.now() - started) / 1000).toFixed(0),
		async stop() {
			stopGroup('SIGINT');
			const stopped = await waitForExit(child, 60000);
			if (!stopped) stopGroup('SIGKILL');
			assert.ok(stopped, `${command} did not stop within 60 s of Ctrl-C:\n${tail()}`);
		},
	};
}

test(
	'the README quick start works on a pristine clone',
	{ timeout: READY_WITHIN_MS + 120000 },
	async (t) => {
		const command = readmeQuickStartCommand();
		assert.equal(command, 'npm install && npm start', 'the command this test was written for');
		assert.ok(await portIsFree(PORT), `port ${PORT} is free (set N8N_QUICKSTART_PORT)`);
		assert.ok(await portIsFree(SANDBOX_PORT), `port ${SANDBOX_PORT} is free`);
		const clone = pristineClone(t);
		const run = await runUntilReady(t, command, clone, READY_LINE);
		assert.equal(Number(READY_LINE.exec(run.output)[1]), PORT);
		t.diagnostic(`"${command}" on a pristine clone: ready in ${run.seconds} s`);

		// The printed webhook URLs answer: n8n is up and the examples are active.
		const health = await fetch(`http://localhost:${PORT}/healthz/readiness`);
		assert.equal(health.status, 200);

		await run.stop();
		assert.ok(await portIsFree(PORT), `n8n still listens on ${PORT} after npm start stopped`);
		assert.ok(await portIsFree(SANDBOX_PORT), `the sandbox still listens on ${SANDBOX_PORT}`);
	},
);

test(
	'npm start -- --queue works from a clone in a 0700 folder',
	{ timeout: READY_WITHIN_MS + 180000 },
	async (t) => {
		const { QUEUE_PORTS } = require('../../dev/n8n/queueTopology');
		const ports = [
			QUEUE_PORTS.main,
			...QUEUE_PORTS.webhooks,
			QUEUE_PORTS.postgres,
			QUEUE_PORTS.redis,
		];
		for (const port of ports)
			assert.ok(await portIsFree(port), `port ${port} is free (set N8N_QUEUE_PORT_OFFSET)`);
		const clone = pristineClone(t);
		assert.equal(fs.statSync(path.dirname(clone)).mode & 0o777, 0o700);
		const command = 'npm install && npm start -- --queue';
		const run = await runUntilReady(t, command, clone, QUEUE_READY_LINE);
		t.diagnostic(`"${command}" from a 0700 folder: ready in ${run.seconds} s`);

		// Every printed curl line is answered 200 by webhook process 1, and the same by process 2.
		const curls = [...run.output.matchAll(/curl -s -X POST '([^']+)' (.*) -d '(.*)'$/gm)];
		assert.ok(curls.length > 0, 'npm start -- --queue printed curl lines');
		for (const [, url, headerArguments, body] of curls) {
			// Every header the line sends (a platform's signature among them), as curl would.
			const headers = Object.fromEntries(
				[...headerArguments.matchAll(/-H '([^:]+): ([^']*)'/g)].map(([, name, value]) => [
					name,
					value,
				]),
			);
			for (const base of [QUEUE_PORTS.webhooks[0], QUEUE_PORTS.webhooks[1]]) {
				const target = url.replace(/localhost:\d+/, `localhost:${base}`);
				const response = await fetch(target, { method: 'POST', headers, body });
				assert.equal(response.status, 200, `${target}: ${await response.text()}`);
			}
		}

		await run.stop();
		for (const port of ports)
			assert.ok(
				await portIsFree(port),
				`port ${port} still taken after npm start -- --queue stopped`,
			);
	},
);
