'use strict';
/**
 * A local stand-in for Truecaller's campaign webhook and for a True Pulse endpoint, on 127.0.0.1.
 * It checks headers and payloads with the package's own validators (source under Jest, the build under Node: see packageModule.js),
 * answers like the real services, records every request, and can be scripted to misbehave
 * (429 with or without Retry-After, 5xx, dropped connections, latency, a rate limit) so that tests
 * and benchmarks meet real sockets. Used by the unit tests, the end-to-end suite, `npm start` and
 * `npm run bench`.
 *
 *   GET  /                  HTML page: each campaign received as its preview, then every request
 *   GET  /_requests         the same as JSON
 *   POST /_reset            forget requests and scripts
 *   POST /_script           {path, behaviours: [{status, body, headers, retryAfter, drop, delayMs, match}]}
 *   POST /v2/campaigns      Truecaller Verified Campaign webhook
 *   POST /truepulse         True Pulse call-end endpoint
 */
const http = require('http');

const { packageModule } = require('./packageModule');
const { validateContent } = packageModule('nodes/Truecaller/campaign/campaign');
const { isSha256Hex } = packageModule('nodes/shared/phone');
const { validateCallEnd } = packageModule('nodes/TruePulse/callEnd');
const { campaignCards, escapeHtml } = require('./sandboxPage');

const CAMPAIGN_PATH = '/v2/campaigns';
const TRUE_PULSE_PATH = '/truepulse';

function readBody(req, limit = 5 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) reject(new Error('body too large'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function checkCampaign(body) {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return ['body must be a JSON object'];
	const problems = [];
	const profile = body.profile ?? {};
	if (!profile.campaign_id) problems.push('profile.campaign_id is required');
	const receiver = String(profile.receiver_number ?? '');
	if (!/^\d{12}$/.test(receiver) && !isSha256Hex(receiver))
		problems.push('profile.receiver_number must be 12 digits or a SHA-256');
	if (
		profile.campaign_type !== undefined &&
		!['lifecycle', 'offer'].includes(profile.campaign_type)
	) {
		problems.push('profile.campaign_type must be lifecycle or offer');
	}
	problems.push(...validateContent(body.content ?? {}).issues.map((i) => `content: ${i.message}`));
	return problems;
}

/**
 * @param {object} options
 * @param {number} [options.port] 0 picks a free port
 * @param {string} [options.orgId] expected X-Org-ID
 * @param {string} [options.token] expected X-Org-Token
 * @param {number} [options.rateLimitPerSecond] answer 429 past this many campaign requests per second
 * @param {number} [options.latencyMs] delay before every campaign or True Pulse answer
 * @param {string} [options.truePulseHeader] "Name: value" a True Pulse request must carry
 */
function createSandbox(options = {}) {
	const orgId = options.orgId ?? 'sandbox-org';
	const token = options.token ?? 'sandbox-token';
	const state = { requests: [], scripts: new Map(), recentStarts: [], seenCallIds: new Set() };
	let rateLimit = options.rateLimitPerSecond ?? 0;
	let latencyMs = options.latencyMs ?? 0;
	let keepRecords = options.record !== false;
	const counters = { campaigns: 0, accepted: 0, duplicateAccepts: 0, rejected429: 0, truePulse: 0 };
	const acceptedReceivers = new Set();

	function takeScripted(route, body) {
		const queue = state.scripts.get(route);
		if (!queue || queue.length === 0) return undefined;
		const receiver = body?.profile?.receiver_number ?? body?.tpCallID;
		const index = queue.findIndex((b) => b.match === undefined || b.match === receiver);
		if (index === -1) return undefined;
		return queue.splice(index, 1)[0];
	}

	function overRate() {
		if (!rateLimit) return false;
		const now = Date.now();
		while (state.recentStarts.length > 0 && state.recentStarts[0] <= now - 1000)
			state.recentStarts.shift();
		if (state.recentStarts.length >= rateLimit) return true;
		state.recentStarts.push(now);
		return false;
	}

	/** Forgets requests, scripts and counters; settings given here replace the current ones. */
	function resetState(settings = {}) {
		state.requests = [];
		state.scripts.clear();
		state.recentStarts = [];
		state.seenCallIds.clear();
		for (const key of Object.keys(counters)) counters[key] = 0;
		acceptedReceivers.clear();
		if (settings.rateLimitPerSecond !== undefined) rateLimit = settings.rateLimitPerSecond;
		if (settings.latencyMs !== undefined) latencyMs = settings.latencyMs;
		if (settings.record !== undefined) keepRecords = settings.record;
	}

	function record(entry) {
		if (keepRecords) state.requests.push(entry);
	}

	async function campaign(req, res, entry) {
		counters.campaigns++;
		if (req.headers['x-org-id'] !== orgId || req.headers['x-org-token'] !== token) {
			return reply(res, entry, 401, {
				slug: 'authorization-error',
				message: 'Invalid organisation id or token',
			});
		}
		const scripted = takeScripted(CAMPAIGN_PATH, entry.body);
		if (scripted) return scriptedReply(res, entry, scripted);
		if (overRate()) {
			counters.rejected429++;
			return reply(
				res,
				entry,
				429,
				{ slug: 'rate-limit', message: 'Too many requests' },
				{ 'Retry-After': '1' },
			);
		}
		if (entry.parseError)
			return reply(res, entry, 400, { slug: 'validation-error', message: entry.parseError });
		const problems = checkCampaign(entry.body);
		if (problems.length > 0)
			return reply(res, entry, 400, { slug: 'validation-error', message: problems.join('; ') });
		counters.accepted++;
		const receiver = entry.body.profile.receiver_number;
		if (acceptedReceivers.has(receiver)) counters.duplicateAccepts++;
		acceptedReceivers.add(receiver);
		return reply(res, entry, 202, {
			status: 'accepted',
			message: 'Campaign accepted for processing',
		});
	}

	async function truePulse(req, res, entry) {
		counters.truePulse++;
		if (options.truePulseHeader) {
			const [name, ...value] = options.truePulseHeader.split(':');
			if (req.headers[name.trim().toLowerCase()] !== value.join(':').trim()) {
				return reply(res, entry, 401, {
					status: 'ERROR',
					message: 'Missing or wrong authentication header',
				});
			}
		}
		const scripted = takeScripted(TRUE_PULSE_PATH, entry.body);
		if (scripted) return scriptedReply(res, entry, scripted);
		if (entry.parseError)
			return reply(res, entry, 400, { status: 'ERROR', message: entry.parseError });
		const problems = validateCallEnd(entry.body).issues.map((i) => i.message);
		if (problems.length > 0)
			return reply(res, entry, 400, { status: 'ERROR', message: problems.join('; ') });
		const duplicate = state.seenCallIds.has(entry.body.tpCallID);
		state.seenCallIds.add(entry.body.tpCallID);
		entry.duplicate = duplicate;
		return reply(res, entry, 200, { status: 'SUCCESS', message: 'Data added successfully.' });
	}

	function scriptedReply(res, entry, behaviour) {
		entry.scripted = behaviour;
		if (behaviour.drop) {
			entry.status = 'dropped';
			res.socket.destroy();
			return;
		}
		const headers = { ...(behaviour.headers ?? {}) };
		if (behaviour.retryAfter !== undefined) headers['Retry-After'] = String(behaviour.retryAfter);
		return reply(
			res,
			entry,
			behaviour.status ?? 500,
			behaviour.body ?? { slug: 'scripted', message: 'scripted answer' },
			headers,
		);
	}

	function reply(res, entry, status, body, headers = {}) {
		entry.status = status;
		entry.response = body;
		res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	}

	function page(res) {
		const rows = state.requests
			.slice(-500)
			.reverse()
			.map(
				(r) =>
					`<tr><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.method)} ${escapeHtml(r.path)}</td><td>${escapeHtml(r.status)}</td>` +
					`<td><pre>${escapeHtml(JSON.stringify(r.body, null, 1))}</pre></td></tr>`,
			)
			.join('');
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(
			`<!doctype html><title>Truecaller sandbox</title><h1>Truecaller sandbox</h1>` +
				`<p>${state.requests.length} requests received. Campaign endpoint <code>${CAMPAIGN_PATH}</code>, True Pulse endpoint <code>${TRUE_PULSE_PATH}</code>.</p>` +
				campaignCards(state.requests, CAMPAIGN_PATH) +
				'<h2>Every request</h2>' +
				`<table border="1" cellpadding="4"><tr><th>time</th><th>request</th><th>answer</th><th>body</th></tr>${rows}</table>`,
		);
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://sandbox');
		try {
			if (req.method === 'GET' && url.pathname === '/') return page(res);
			if (req.method === 'GET' && url.pathname === '/_requests') {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				return res.end(JSON.stringify({ counters, requests: state.requests }));
			}
			const text = await readBody(req);
			if (req.method === 'POST' && url.pathname === '/_reset') {
				resetState(text ? JSON.parse(text) : {});
				res.writeHead(204);
				return res.end();
			}
			if (req.method === 'POST' && url.pathname === '/_script') {
				const { path: route, behaviours } = JSON.parse(text);
				state.scripts.set(route, [...(state.scripts.get(route) ?? []), ...behaviours]);
				res.writeHead(204);
				return res.end();
			}
			const entry = {
				at: new Date().toISOString(),
				method: req.method,
				path: url.pathname,
				headers: req.headers,
				body: undefined,
			};
			try {
				entry.body = text === '' ? undefined : JSON.parse(text);
			} catch (error) {
				entry.body = text;
				entry.parseError = `body is not JSON: ${error.message}`;
			}
			record(entry);
			if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
			if (req.method === 'POST' && url.pathname === CAMPAIGN_PATH)
				return await campaign(req, res, entry);
			if (req.method === 'POST' && url.pathname === TRUE_PULSE_PATH)
				return await truePulse(req, res, entry);
			return reply(res, entry, 404, {
				slug: 'not-found',
				message: `No route for ${req.method} ${url.pathname}`,
			});
		} catch (error) {
			res.writeHead(500, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ slug: 'sandbox-error', message: String(error.message) }));
		}
	});
	server.keepAliveTimeout = 30000;

	return {
		orgId,
		token,
		counters,
		/** Receivers that got a 202 at least once. */
		get acceptedReceivers() {
			return acceptedReceivers;
		},
		get requests() {
			return state.requests;
		},
		get url() {
			const address = server.address();
			return `http://127.0.0.1:${address.port}`;
		},
		get campaignUrl() {
			return `${this.url}${CAMPAIGN_PATH}`;
		},
		get truePulseUrl() {
			return `${this.url}${TRUE_PULSE_PATH}`;
		},
		listen: () =>
			new Promise((resolve) =>
				server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve()),
			),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
		script(route, behaviours) {
			state.scripts.set(route, [...(state.scripts.get(route) ?? []), ...behaviours]);
		},
		reset: resetState,
	};
}

module.exports = { createSandbox, CAMPAIGN_PATH, TRUE_PULSE_PATH };

if (require.main === module) {
	const args = process.argv.slice(2);
	const option = (name, fallback) => {
		const index = args.indexOf(`--${name}`);
		return index === -1 ? fallback : args[index + 1];
	};
	const sandbox = createSandbox({
		port: Number(option('port', 5680)),
		orgId: option('org-id', 'sandbox-org'),
		token: option('token', 'sandbox-token'),
		rateLimitPerSecond: Number(option('rate-limit', 0)),
		latencyMs: Number(option('latency-ms', 0)),
	});
	sandbox
		.listen()
		.then(() =>
			console.log(
				`Truecaller sandbox on ${sandbox.url} (campaigns ${sandbox.campaignUrl}, True Pulse ${sandbox.truePulseUrl})`,
			),
		);
	const stop = () => sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
