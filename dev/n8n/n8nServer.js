'use strict';
/**
 * Runs the packed package inside a real n8n: a user folder with the tarball installed as a
 * community package (the way users get it), credentials and workflows imported through n8n's CLI,
 * the server started on 127.0.0.1, an owner and an API key made through n8n's own REST API.
 * Used by `npm start`, the end-to-end suite and the benchmarks.
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { ROOT } = require('../packageModule');
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Truecaller-Local-1',
};

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds and packs the package; returns the tarball's path. */
function packPackage(log = () => {}) {
	log('building and packing the package...');
	for (const [command, args] of [
		['npm', ['run', 'build', '--silent']],
		['npm', ['pack', '--silent', '--pack-destination', path.join(ROOT, '.n8n-local')]],
	]) {
		fs.mkdirSync(path.join(ROOT, '.n8n-local'), { recursive: true });
		const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	}
	const { version, name } = require(path.join(ROOT, 'package.json'));
	return path.join(ROOT, '.n8n-local', `${name}-${version}.tgz`);
}

function environment(host, options) {
	return {
		...process.env,
		PATH: `${path.dirname(host.nodeBin)}:${process.env.PATH}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		WEBHOOK_URL: `http://localhost:${options.port}/`,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(options.port + 1000),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: options.logLevel ?? 'warn',
		...(options.env ?? {}),
	};
}

class LocalN8n {
	/**
	 * @param {object} host from ensureHost()
	 * @param {object} options userFolder, port, fresh (empty the folder first), env, logFile,
	 *   command ('start', 'webhook', 'worker'), args, healthUrl (default /healthz/readiness on port),
	 *   processGroup, stopTimeoutMs
	 */
	constructor(host, options) {
		this.host = host;
		this.options = {
			port: 5678,
			...options,
			encryptionKey: options.encryptionKey ?? 'n8n-nodes-truecaller-local-key',
		};
		this.baseUrl = `http://localhost:${this.options.port}`;
		this.process = null;
		this.apiKey = null;
	}

	get nodesFolder() {
		return path.join(this.options.userFolder, '.n8n', 'nodes');
	}

	/** A fresh (or reused) user folder with the tarball installed as a community package. */
	installPackage(tarball) {
		if (this.options.fresh) fs.rmSync(this.options.userFolder, { recursive: true, force: true });
		fs.mkdirSync(this.nodesFolder, { recursive: true });
		const manifest = path.join(this.nodesFolder, 'package.json');
		if (!fs.existsSync(manifest))
			fs.writeFileSync(
				manifest,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
			);
		const result = spawnSync(
			'npm',
			[
				'install',
				'--omit=peer',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				tarball,
			],
			{
				cwd: this.nodesFolder,
				encoding: 'utf8',
			},
		);
		if (result.status !== 0) throw new Error(`installing ${tarball} failed:\n${result.stderr}`);
	}

	/**
	 * Runs an n8n CLI command; returns its stdout. With `outputFile`, stdout goes to that file: n8n
	 * may exit before a large output has drained into a pipe (seen with `execute --rawOutput`).
	 */
	cli(args, { outputFile } = {}) {
		const stdout = outputFile ? fs.openSync(outputFile, 'w') : 'pipe';
		const result = spawnSync(this.host.nodeBin, [this.host.n8nBin, ...args], {
			env: environment(this.host, { ...this.options, port: this.options.port + 7 }),
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
			stdio: ['ignore', stdout, 'pipe'],
		});
		if (outputFile) fs.closeSync(stdout);
		const output = outputFile ? fs.readFileSync(outputFile, 'utf8') : result.stdout;
		if (result.status !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.status}):\n${output}\n${result.stderr}`,
			);
		return output;
	}

	importCredentials(credentials) {
		const file = path.join(this.options.userFolder, 'import-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		this.cli(['import:credentials', `--input=${file}`]);
	}

	importWorkflows(workflows) {
		const dir = path.join(this.options.userFolder, 'import-workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		workflows.forEach((workflow, index) =>
			fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)),
		);
		this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Publishes (activates) workflows; n8n must be stopped. n8n 2.8 and 2.41 both have this command. */
	publish(workflowIds) {
		for (const id of workflowIds) this.cli(['publish:workflow', `--id=${id}`]);
	}

	/** Starts n8n and waits (N8N_START_TIMEOUT_S, 3 minutes by default) for its /healthz/readiness; `report` hears every 15 s. */
	async start(report = () => {}) {
		const logFile = this.options.logFile ?? path.join(this.options.userFolder, 'n8n.log');
		const out = fs.openSync(logFile, 'a');
		// command: 'start' (default), 'worker' or 'webhook' (queue mode); processGroup: its own group,
		// so that stopping it also stops the task runners it spawned.
		this.process = spawn(
			this.host.nodeBin,
			[this.host.n8nBin, this.options.command ?? 'start', ...(this.options.args ?? [])],
			{
				env: environment(this.host, this.options),
				stdio: ['ignore', out, out],
				detached: Boolean(this.options.processGroup),
			},
		);
		this.exited = new Promise((resolve) => this.process.once('exit', resolve));
		const started = Date.now();
		// A loaded machine (several n8n at once on two cores) can take minutes: N8N_START_TIMEOUT_S.
		const timeoutS = Number(process.env.N8N_START_TIMEOUT_S || 180);
		const deadline = started + timeoutS * 1000;
		let nextReport = started + 15000;
		while (Date.now() < deadline) {
			if (Date.now() >= nextReport) {
				report(
					`still waiting for n8n to answer ${this.baseUrl}/healthz/readiness with 200 (${((Date.now() - started) / 1000).toFixed(0)} s; log: ${logFile})`,
				);
				nextReport += 15000;
			}
			if (this.process.exitCode !== null)
				throw new Error(`n8n exited (code ${this.process.exitCode}); see ${logFile}`);
			try {
				const response = await fetch(this.options.healthUrl ?? `${this.baseUrl}/healthz/readiness`);
				if (response.status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		throw new Error(`n8n did not become ready in ${timeoutS} s; see ${logFile}`);
	}

	async stop() {
		if (!this.process || this.process.exitCode !== null) return;
		this.process.kill('SIGTERM');
		const timeout = sleep(this.options.stopTimeoutMs ?? 20000).then(() => 'timeout');
		if ((await Promise.race([this.exited, timeout])) === 'timeout') {
			this.process.kill('SIGKILL');
			await this.exited;
		}
		if (this.options.processGroup) {
			try {
				process.kill(-this.process.pid, 'SIGKILL'); // task runners left in its group
			} catch {
				// the group is gone
			}
		}
	}

	/** Owner account (first start) and a public-API key, through n8n's own REST API. */
	async setupOwner() {
		let cookie;
		// n8n 2.8 reports ready before its REST routes exist: wait for them.
		let setup;
		for (let tries = 0; tries < 120; tries++) {
			setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(OWNER),
			});
			// 404 until the routes exist; under heavy load 2.8 can also answer 5xx for a while
			if (setup.status !== 404 && setup.status < 500) break;
			await sleep(250);
		}
		if (setup.ok) cookie = setup.headers.get('set-cookie');
		if (!cookie) {
			let login;
			for (let tries = 0; tries < 120; tries++) {
				login = await fetch(`${this.baseUrl}/rest/login`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({
						emailOrLdapLoginId: OWNER.email,
						email: OWNER.email,
						password: OWNER.password,
					}),
				});
				if (login.status !== 404) break;
				await sleep(250);
			}
			if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
			cookie = login.headers.get('set-cookie');
		}
		const auth = cookie.split(';')[0];
		this.cookie = auth;
		const scopesResponse = await fetch(`${this.baseUrl}/rest/api-keys/scopes`, {
			headers: { cookie: auth },
		});
		const scopes = scopesResponse.ok ? (await scopesResponse.json()).data : undefined;
		const created = await fetch(`${this.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie: auth },
			body: JSON.stringify({ label: `local-${crypto.randomUUID()}`, scopes, expiresAt: null }),
		});
		if (!created.ok)
			throw new Error(`API key creation failed: ${created.status} ${await created.text()}`);
		const body = await created.json();
		this.apiKey = body.data.rawApiKey ?? body.data.apiKey;
		return OWNER;
	}

	/** A GET as the logged-in owner (editor endpoints such as /types/nodes.json). */
	async asOwner(route) {
		const response = await fetch(`${this.baseUrl}${route}`, { headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
		return await response.json();
	}

	async api(method, route, body) {
		const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				...(body ? { 'Content-Type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${route}: ${response.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	}

	/**
	 * Waits until n8n has registered the production webhook of a published workflow. n8n reports
	 * ready (/healthz/readiness) before it activates published workflows; its own answer to a GET on
	 * the webhook ("registered for POST", or 405) is the signal that activation reached it. Under
	 * load on 2 cores activation took over 30 s (n8n 2.8.4), so the bound is 3 minutes, and every
	 * 15 s `report` is told what is awaited.
	 */
	async waitForWebhook(webhookPath, report = () => {}, timeoutMs = 180000) {
		const started = Date.now();
		let nextReport = started + 15000;
		let last = 'no answer yet';
		while (Date.now() - started < timeoutMs) {
			if (this.process && this.process.exitCode !== null)
				throw new Error(`n8n exited (code ${this.process.exitCode}) while activating workflows`);
			try {
				const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, { method: 'GET' });
				const text = await response.text();
				if (/not registered for GET/i.test(text) || response.status === 405) return;
				last = `HTTP ${response.status}: ${text.slice(0, 120)}`;
			} catch (error) {
				last = error.cause?.code ?? error.message;
			}
			if (Date.now() >= nextReport) {
				report(
					`still waiting for n8n to activate the workflow of /webhook/${webhookPath} (${((Date.now() - started) / 1000).toFixed(0)} s; n8n answers ${last})`,
				);
				nextReport += 15000;
			}
			await sleep(250);
		}
		throw new Error(
			`webhook /webhook/${webhookPath} was not registered within ${timeoutMs / 1000} s after n8n reported ready (last answer: ${last})`,
		);
	}

	async executions(workflowId, includeData = true) {
		const all = [];
		for await (const page of this.executionPages(workflowId, includeData)) all.push(...page);
		return all;
	}

	/**
	 * A workflow's executions page by page, for reading much data: on n8n 2.8 every execution holds
	 * a copy of the workflow's static data (1.1 MB with 100,000 remembered ids).
	 */
	async *executionPages(workflowId, includeData = true, pageSize = 250) {
		let cursor;
		do {
			const query = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: String(pageSize),
				...(cursor ? { cursor } : {}),
			});
			const page = await this.api('GET', `/executions?${query}`);
			yield page.data;
			cursor = page.nextCursor;
		} while (cursor);
	}
}

module.exports = { LocalN8n, packPackage, OWNER, ROOT, sleep };
