'use strict';
/**
 * n8n in queue mode on one machine, for the queue-mode suite, `npm start -- --queue` and the
 * queue benchmark: a throwaway Postgres cluster and a Redis on loopback ports, then n8n as main +
 * 1 worker + 2 webhook processes sharing one user folder (the packed tarball installed there as a
 * community package), credentials and workflows imported with n8n's CLI.
 *
 * Everything started is recorded by PID in <dir>/pids.json and stopped by PID: by stop(), on
 * SIGINT/SIGTERM, at process exit, and (for a run that was killed outright) by the next start or by
 * `stopLeftovers(dir)`, which checks each PID's command line before killing it.
 *
 * Postgres and Redis come from Debian's `postgresql` and `redis-server` packages, installed with
 * apt-get only when missing (which needs root). The cluster lives in a new folder under the system's
 * temporary folder, never in the project (a clone under /root, or any 0700 folder, is closed to
 * other users): as root it is made and run as the postgres user (initdb refuses root), otherwise
 * as the user running us. `postgresUrl` and `redisUrl` use servers the user already has instead.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { LocalN8n, sleep } = require('./n8nServer');

/**
 * Ports reserved for the queue topology (127.0.0.1 only). N8N_QUEUE_PORT_OFFSET shifts them all, so
 * two checkouts on one machine can each run the queue suite.
 */
const PORT_OFFSET = Number(process.env.N8N_QUEUE_PORT_OFFSET || 0);
const QUEUE_PORTS = {
	postgres: 5833 + PORT_OFFSET,
	redis: 6391 + PORT_OFFSET,
	main: 5810 + PORT_OFFSET,
	webhooks: [5811 + PORT_OFFSET, 5812 + PORT_OFFSET],
	workerHealth: 5813 + PORT_OFFSET,
	brokers: {
		main: 5821 + PORT_OFFSET,
		webhook1: 5822 + PORT_OFFSET,
		webhook2: 5823 + PORT_OFFSET,
		worker: 5824 + PORT_OFFSET,
		cli: 5825 + PORT_OFFSET,
	},
	sandbox: 5830 + PORT_OFFSET,
	cli: 5831 + PORT_OFFSET, // N8N_PORT of CLI commands (never listened on)
};
const DB = { name: 'n8n', user: 'n8n', password: 'n8n-queue-local' };

function run(command, args, options = {}) {
	const result = spawnSync(command, args, {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout ?? ''}\n${result.stderr ?? result.error ?? ''}`,
		);
	}
	return result.stdout;
}

const which = (name) =>
	spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const version = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a))[0];
	return version ? path.join(base, version, 'bin') : null;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Installs what is missing of postgresql and redis-server with apt-get, as root; without root, says
 * what to do instead. `needs` leaves out a server the user provides by URL.
 */
function ensureServices(log = () => {}, needs = { postgres: true, redis: true }) {
	const missing = [
		needs.postgres && !postgresBin() ? 'postgresql' : '',
		needs.redis && !which('redis-server') ? 'redis-server' : '',
	].filter(Boolean);
	if (missing.length === 0) return { installed: false };
	if (!isRoot())
		throw new Error(
			`Queue mode needs ${missing.join(' and ')}, which only root can install here. Either run\n` +
				`  sudo apt-get install -y ${missing.join(' ')}\n` +
				'and start again (the servers run as you, on loopback ports, in a temporary folder), or\n' +
				'use servers you already have: npm start -- --queue --postgres-url postgres://user:password@host:port/database --redis-url redis://host:port',
		);
	log('installing postgresql and redis-server with apt-get (once)...');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-q'], { env });
	run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'postgresql', 'redis-server'], {
		env,
	});
	if ((needs.postgres && !postgresBin()) || (needs.redis && !which('redis-server')))
		throw new Error('postgresql or redis-server still missing after apt-get install');
	return { installed: true };
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function commandLine(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
	} catch {
		return null;
	}
}

/** SIGKILL to a recorded PID (its process group when it leads one); false when it was gone. */
function killRecorded(entry) {
	try {
		process.kill(entry.group ? -entry.pid : entry.pid, 'SIGKILL');
		return true;
	} catch {
		return false;
	}
}

/** Kills, by PID, what a run recorded in `dir` and left running (its command line must still match). */
function stopLeftovers(dir, log = () => {}) {
	const file = path.join(dir, 'pids.json');
	if (!fs.existsSync(file)) return 0;
	let entries = [];
	try {
		entries = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		// unreadable: nothing to trust
	}
	let killed = 0;
	for (const entry of entries) {
		const line = commandLine(entry.pid);
		if (!line || !line.includes(entry.match)) continue;
		log(`stopping leftover ${entry.name} (PID ${entry.pid})`);
		if (killRecorded(entry)) killed++;
	}
	fs.rmSync(file, { force: true });
	return killed;
}

class QueueTopology {
	/**
	 * @param {object} host from ensureHost()
	 * @param {object} options dir (working folder, emptied), tarball, ports (QUEUE_PORTS), env (extra
	 *   n8n env for every process), log, logLevel, workerConcurrency, handleSignals (default true),
	 *   postgresSettings (extra `-c name=value` for the cluster)
	 */
	constructor(host, options) {
		this.host = host;
		this.options = options;
		this.ports = options.ports ?? QUEUE_PORTS;
		this.dir = options.dir;
		this.log = options.log ?? (() => {});
		this.pids = [];
		this.webhooks = [];
		this.main = null;
		this.worker = null;
		this.postgresUrl = options.postgresUrl ? new URL(options.postgresUrl) : undefined;
		this.redisUrl = options.redisUrl ? new URL(options.redisUrl) : undefined;
		// Made by startPostgres, under the system's temporary folder.
		this.pgSocketDir = undefined;
		this.redisPidFile = path.join(this.dir, 'redis', 'redis.pid');
		this.timings = {};
		this.onSignal = () => {
			this.killAllNow();
			process.exit(130);
		};
		this.onExit = () => this.killAllNow();
	}

	get mainUrl() {
		return `http://localhost:${this.ports.main}`;
	}

	get webhookUrls() {
		return this.ports.webhooks.map((port) => `http://localhost:${port}`);
	}

	record(name, pid, match, group = false) {
		this.pids = this.pids.filter((p) => p.name !== name);
		if (pid) this.pids.push({ name, pid, match, group });
		fs.writeFileSync(path.join(this.dir, 'pids.json'), JSON.stringify(this.pids, null, 1));
	}

	/** Synchronous last resort (exit, signals): SIGKILL every recorded PID, remove the cluster. */
	killAllNow() {
		for (const entry of this.pids) killRecorded(entry);
		this.pids = [];
		try {
			fs.rmSync(path.join(this.dir, 'pids.json'), { force: true });
			if (this.pgSocketDir) fs.rmSync(this.pgSocketDir, { recursive: true, force: true });
		} catch {
			// best effort
		}
	}

	/** The database n8n uses: the throwaway cluster's, or the one of --postgres-url. */
	database() {
		const url = this.postgresUrl;
		if (!url) return { host: '127.0.0.1', port: this.ports.postgres, ...DB };
		return {
			host: url.hostname,
			port: Number(url.port || 5432),
			name: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
		};
	}

	/** Redis for n8n's queue: the throwaway one, or the one of --redis-url. */
	redisEnv() {
		const url = this.redisUrl;
		if (!url)
			return {
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(this.ports.redis),
			};
		return {
			QUEUE_BULL_REDIS_HOST: url.hostname,
			QUEUE_BULL_REDIS_PORT: url.port || '6379',
			...(url.username ? { QUEUE_BULL_REDIS_USERNAME: decodeURIComponent(url.username) } : {}),
			...(url.password ? { QUEUE_BULL_REDIS_PASSWORD: decodeURIComponent(url.password) } : {}),
			...(url.pathname.length > 1 ? { QUEUE_BULL_REDIS_DB: url.pathname.slice(1) } : {}),
		};
	}

	/** n8n env shared by every process of the topology. */
	sharedEnv() {
		const db = this.database();
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: db.host,
			DB_POSTGRESDB_PORT: String(db.port),
			DB_POSTGRESDB_DATABASE: db.name,
			DB_POSTGRESDB_USER: db.user,
			DB_POSTGRESDB_PASSWORD: db.password,
			EXECUTIONS_MODE: 'queue',
			...this.redisEnv(),
			WEBHOOK_URL: `${this.mainUrl}/`,
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...(this.options.env ?? {}),
		};
	}

	n8n(role, port, brokerPort, extraEnv = {}, options = {}) {
		return new LocalN8n(this.host, {
			userFolder: path.join(this.dir, 'user'),
			port,
			logLevel: this.options.logLevel ?? 'warn',
			logFile: path.join(this.dir, `${role}.log`),
			processGroup: true,
			...options,
			env: {
				...this.sharedEnv(),
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${role}`,
				...extraEnv,
			},
		});
	}

	get pgData() {
		return this.pgSocketDir && path.join(this.pgSocketDir, 'data');
	}

	/** Runs a Postgres program as the postgres user when we are root (initdb refuses root), else as us. */
	asPostgres(command, args) {
		const program = path.join(postgresBin(), command);
		if (isRoot()) return run('runuser', ['-u', 'postgres', '--', program, ...args], { cwd: '/' });
		return run(program, args, { cwd: '/' });
	}

	async startPostgres() {
		this.pgSocketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-truecaller-pg-'));
		const pwFile = path.join(this.pgSocketDir, 'superuser-password');
		fs.writeFileSync(pwFile, `${DB.password}\n`);
		if (isRoot()) run('chown', ['-R', 'postgres:postgres', this.pgSocketDir]);
		this.asPostgres('initdb', [
			'-D',
			this.pgData,
			'-U',
			'postgres',
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			`--pwfile=${pwFile}`,
			'-E',
			'UTF8',
			'--no-instructions',
		]);
		const settings = [
			`-p ${this.ports.postgres}`,
			`-k ${this.pgSocketDir}`,
			'-c listen_addresses=127.0.0.1',
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c max_connections=200',
			...(this.options.postgresSettings ?? []),
		];
		this.asPostgres('pg_ctl', [
			'-D',
			this.pgData,
			'-l',
			path.join(this.pgSocketDir, 'postgres.log'),
			'-w',
			'-t',
			'60',
			'-o',
			settings.join(' '),
			'start',
		]);
		const pid = Number(
			fs.readFileSync(path.join(this.pgData, 'postmaster.pid'), 'utf8').split('\n')[0],
		);
		this.record('postgres', pid, this.pgData);
		this.psql(`CREATE ROLE ${DB.user} LOGIN PASSWORD '${DB.password}'`, 'postgres');
		this.psql(`CREATE DATABASE ${DB.name} OWNER ${DB.user}`, 'postgres');
	}

	/** The topology's database as n8n's Postgres credential stores it (for workflows' Postgres nodes). */
	postgresCredentialData() {
		const db = this.database();
		return {
			host: db.host,
			port: db.port,
			database: db.name,
			user: db.user,
			password: db.password,
			ssl: 'disable',
		};
	}

	/**
	 * Runs SQL through psql (as superuser on the cluster's socket, or as the user of --postgres-url);
	 * returns rows as arrays of strings.
	 */
	psql(sql, database = DB.name) {
		const target = this.postgresUrl
			? ['-d', this.postgresUrl.href]
			: [
					'-h',
					this.pgSocketDir,
					'-p',
					String(this.ports.postgres),
					'-U',
					'postgres',
					'-d',
					database,
				];
		const out = run('psql', [...target, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql]);
		return out
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	}

	async stopPostgres() {
		if (!this.pgData || !fs.existsSync(path.join(this.pgData, 'postmaster.pid'))) return;
		try {
			this.asPostgres('pg_ctl', ['-D', this.pgData, '-m', 'immediate', '-w', '-t', '30', 'stop']);
		} catch (error) {
			this.log(`pg_ctl stop: ${error.message.split('\n')[0]}; killing by PID`);
			const entry = this.pids.find((p) => p.name === 'postgres');
			if (entry && alive(entry.pid)) process.kill(entry.pid, 'SIGKILL');
		}
		this.record('postgres', null);
	}

	async startRedis() {
		const dir = path.dirname(this.redisPidFile);
		fs.mkdirSync(dir, { recursive: true });
		run('redis-server', [
			'--port',
			String(this.ports.redis),
			'--bind',
			'127.0.0.1',
			'--daemonize',
			'yes',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--pidfile',
			this.redisPidFile,
			'--logfile',
			path.join(dir, 'redis.log'),
		]);
		const deadline = Date.now() + 10000;
		while (!fs.existsSync(this.redisPidFile) && Date.now() < deadline) await sleep(50);
		const pid = Number(fs.readFileSync(this.redisPidFile, 'utf8').trim());
		this.record('redis', pid, `redis-server 127.0.0.1:${this.ports.redis}`);
		while (Date.now() < deadline) {
			const ping = spawnSync(
				'redis-cli',
				['-h', '127.0.0.1', '-p', String(this.ports.redis), 'ping'],
				{ encoding: 'utf8' },
			);
			if (ping.stdout.trim() === 'PONG') return;
			await sleep(100);
		}
		throw new Error('redis-server did not answer PING within 10 s');
	}

	async stopRedis() {
		const entry = this.pids.find((p) => p.name === 'redis');
		if (!entry) return;
		if (alive(entry.pid)) process.kill(entry.pid, 'SIGTERM');
		const deadline = Date.now() + 5000;
		while (alive(entry.pid) && Date.now() < deadline) await sleep(50);
		if (alive(entry.pid)) process.kill(entry.pid, 'SIGKILL');
		this.record('redis', null);
	}

	async startProcess(name, n8n) {
		await n8n.start().finally(() => this.record(name, n8n.process?.pid, this.host.n8nBin, true));
		this.record(name, n8n.process.pid, this.host.n8nBin, true);
	}

	async startMain() {
		this.main = this.n8n('main', this.ports.main, this.ports.brokers.main);
		await this.startProcess('main', this.main);
	}

	async startWorker() {
		this.worker = this.n8n(
			'worker',
			this.ports.workerHealth,
			this.ports.brokers.worker,
			{
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(this.ports.workerHealth),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
			{
				command: 'worker',
				args: [`--concurrency=${this.options.workerConcurrency ?? 10}`],
				healthUrl: `http://127.0.0.1:${this.ports.workerHealth}/healthz/readiness`,
				stopTimeoutMs: 60000,
			},
		);
		await this.startProcess('worker', this.worker);
	}

	async startWebhook(index) {
		const n8n = this.n8n(
			`webhook${index + 1}`,
			this.ports.webhooks[index],
			this.ports.brokers[`webhook${index + 1}`],
			{},
			{ command: 'webhook' },
		);
		this.webhooks[index] = n8n;
		await this.startProcess(`webhook${index + 1}`, n8n);
	}

	/** Waits until every webhook process answers for each path (registration follows readiness). */
	async waitForWebhooks(paths) {
		for (const n8n of this.webhooks)
			for (const webhookPath of paths) await n8n.waitForWebhook(webhookPath);
	}

	/**
	 * Provisions everything and starts the roles. `workflows` are imported and published before n8n
	 * starts; `webhookPaths` are waited for on both webhook processes.
	 */
	async start({ credentials, workflows, webhookPaths = [] }) {
		const t = (name, started) => (this.timings[name] = (Date.now() - started) / 1000);
		let started = Date.now();
		stopLeftovers(this.dir, this.log);
		fs.rmSync(this.dir, { recursive: true, force: true });
		fs.mkdirSync(this.dir, { recursive: true });
		// handleSignals false: the caller stops it on a signal (gracefully); exit still kills by PID.
		if (this.options.handleSignals !== false) {
			process.on('SIGINT', this.onSignal);
			process.on('SIGTERM', this.onSignal);
		}
		process.on('exit', this.onExit);
		ensureServices(this.log, { postgres: !this.postgresUrl, redis: !this.redisUrl });
		t('services', started);

		started = Date.now();
		if (this.postgresUrl)
			this.log(`using Postgres at ${this.postgresUrl.host}${this.postgresUrl.pathname}`);
		else {
			this.log(`starting Postgres on 127.0.0.1:${this.ports.postgres}`);
			await this.startPostgres();
		}
		if (this.redisUrl) this.log(`using Redis at ${this.redisUrl.host}`);
		else {
			this.log(`starting Redis on 127.0.0.1:${this.ports.redis}`);
			await this.startRedis();
		}
		t('postgresRedis', started);

		started = Date.now();
		const cli = this.n8n('cli', this.ports.cli, this.ports.brokers.cli);
		cli.installPackage(this.options.tarball);
		if (credentials) cli.importCredentials(credentials);
		if (workflows?.length) cli.importWorkflows(workflows);
		t('import', started);

		started = Date.now();
		this.log('starting n8n main, then the worker and both webhook processes');
		await this.startMain();
		await this.main.setupOwner();
		// Published through main's public API (one CLI command per workflow costs 3 s or more each);
		// main registers their webhooks in the database before the webhook processes start.
		for (const workflow of workflows ?? [])
			await this.main.api('POST', `/workflows/${workflow.id}/activate`);
		await Promise.all([this.startWorker(), this.startWebhook(0), this.startWebhook(1)]);
		await this.waitForWebhooks(webhookPaths);
		t('n8nStart', started);
	}

	async restartWebhooks(paths = []) {
		await Promise.all(this.webhooks.map((n8n) => n8n.stop()));
		await Promise.all(this.webhooks.map((_, index) => this.startWebhook(index)));
		await this.waitForWebhooks(paths);
	}

	/** SIGTERM (graceful: n8n lets running jobs finish) or SIGKILL (a crash), then a new worker. */
	async restartWorker({ signal = 'SIGTERM' } = {}) {
		if (signal === 'SIGKILL') {
			try {
				process.kill(-this.worker.process.pid, 'SIGKILL');
			} catch {
				// gone
			}
			await this.worker.exited;
		} else {
			await this.worker.stop();
		}
		await this.startWorker();
	}

	/** Executions of a workflow by status, straight from Postgres. */
	executionStatuses(workflowId) {
		const counts = {};
		for (const [status, count] of this.psql(
			`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`,
		)) {
			counts[status] = Number(count);
		}
		return counts;
	}

	async stop() {
		const stops = [...this.webhooks, this.worker, this.main]
			.filter(Boolean)
			.map((n8n) => n8n.stop().catch(() => {}));
		await Promise.all(stops);
		for (const name of ['main', 'worker', 'webhook1', 'webhook2']) this.record(name, null);
		await this.stopRedis();
		await this.stopPostgres();
		if (this.pgSocketDir) fs.rmSync(this.pgSocketDir, { recursive: true, force: true });
		fs.rmSync(path.join(this.dir, 'pids.json'), { force: true });
		process.off('SIGINT', this.onSignal);
		process.off('SIGTERM', this.onSignal);
		process.off('exit', this.onExit);
	}
}

module.exports = { QueueTopology, QUEUE_PORTS, ensureServices, stopLeftovers };
