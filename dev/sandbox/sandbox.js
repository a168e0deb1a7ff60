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
 *   POST /organisations/{org}/campaigns/token         Bulk API access token
 *   POST /organisations/{org}/campaigns/bulk-upload   Bulk API campaigns (1 to 500 per call)
 *
 * The Bulk API plays Truecaller's documented limits: a token lives 60 minutes (tokenTtlMs shortens
 * it for tests, or expireTokensAfterCalls ends every token after that many accepted calls), at most
 * 10 tokens per 30 minutes, 100 calls per second per token (429 with
 * Retry-After past it), 500 campaigns per call. Every accepted receiver is counted, repeats too.
 */
const http = require('http');

const { packageModule } = require('../packageModule');
const { validateContent } = packageModule('nodes/Truecaller/campaign/campaign');
const { isSha256Hex } = packageModule('nodes/shared/phone');
const { validateCallEnd } = packageModule('nodes/TruePulse/callEnd');
const { checkBulkBody } = require('./bulkBody');
const { campaignCards, escapeHtml } = require('./sandboxPage');

const CAMPAIGN_PATH = '/v2/campaigns';
const TRUE_PULSE_PATH = '/truepulse';
/** Key of the bulk-upload route for scripted answers (any organisation). */
const BULK_PATH = '/bulk-upload';
const BULK_ROUTE = /^\/organisations\/([^/]+)\/campaigns\/(token|bulk-upload)$/;
const TOKEN_LIMIT = { count: 10, windowMs: 30 * 60 * 1000 };

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
 * @param {string} [options.bulkKeyId] expected Bulk API key_id
 * @param {string} [options.bulkApiKey] expected Bulk API api_key
 * @param {number} [options.tokenTtlMs] lifetime of a Bulk API token (Truecaller: 60 minutes)
 * @param {number} [options.bulkRateLimitPerSecond] Bulk API calls per second per token (100; 0: none)
 */
function createSandbox(options = {}) {
	const orgId = options.orgId ?? 'sandbox-org';
	const token = options.token ?? 'sandbox-token';
	/**
	 * @typedef {object} RecordedRequest
	 * @property {string} at
	 * @property {string} method
	 * @property {string} path
	 * @property {Record<string, string>} headers
	 * @property {any} body the parsed JSON body (any shape a test sends)
	 * @property {number | 'dropped'} [status] the answer's HTTP status, or 'dropped'
	 */
	const state = {
		/** @type {RecordedRequest[]} */
		requests: [],
		scripts: new Map(),
		recentStarts: [],
		seenCallIds: new Set(),
	};
	let rateLimit = options.rateLimitPerSecond ?? 0;
	let latencyMs = options.latencyMs ?? 0;
	let keepRecords = options.record !== false;
	const bulkKeyId = options.bulkKeyId ?? 'sandbox-key-id';
	const bulkApiKey = options.bulkApiKey ?? 'sandbox-secret-api-key';
	let tokenTtlMs = options.tokenTtlMs ?? 60 * 60 * 1000;
	let bulkRateLimit = options.bulkRateLimitPerSecond ?? 100;
	/** Every token issued so far expires once this many bulk calls were accepted (0: never). */
	let expireTokensAfterCalls = 0;
	const counters = {
		campaigns: 0,
		accepted: 0,
		duplicateAccepts: 0,
		rejected429: 0,
		truePulse: 0,
		tokens: 0,
		bulkCalls: 0,
		bulkAcceptedCalls: 0,
		bulkReceivers: 0,
		bulkDuplicateReceivers: 0,
		bulkRejected401: 0,
		bulkRejected429: 0,
	};
	const acceptedReceivers = new Set();
	/** token -> {expiresAt, starts: recent call start times} */
	const tokens = new Map();
	const tokenIssues = [];
	/** "campaign_id receiver" of every receiver accepted by the Bulk API. */
	const bulkAccepted = new Set();
	/** Batch sizes of accepted bulk calls, in order. */
	const bulkBatchSizes = [];

	function takeScripted(route, body) {
		const queue = state.scripts.get(route);
		if (!queue || queue.length === 0) return undefined;
		const receiver =
			body?.profile?.receiver_number ?? body?.tpCallID ?? body?.campaigns?.[0]?.receiver_number;
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
		tokens.clear();
		tokenIssues.length = 0;
		bulkAccepted.clear();
		bulkBatchSizes.length = 0;
		if (settings.tokenTtlMs !== undefined) tokenTtlMs = settings.tokenTtlMs;
		expireTokensAfterCalls = settings.expireTokensAfterCalls ?? 0;
		if (settings.bulkRateLimitPerSecond !== undefined)
			bulkRateLimit = settings.bulkRateLimitPerSecond;
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

	function issueToken(req, res, entry, organisation) {
		counters.tokens++;
		if (String(req.headers['x-public-access'] ?? '').toLowerCase() !== 'allow')
			return reply(res, entry, 403, { message: 'X-Public-Access: allow is required' });
		if (organisation !== orgId)
			return reply(res, entry, 404, { message: `Unknown organisation ${organisation}` });
		if (entry.body?.key_id !== bulkKeyId || entry.body?.api_key !== bulkApiKey)
			return reply(res, entry, 401, { message: 'Invalid key_id or api_key' });
		const now = Date.now();
		while (tokenIssues.length > 0 && tokenIssues[0] <= now - TOKEN_LIMIT.windowMs)
			tokenIssues.shift();
		if (tokenIssues.length >= TOKEN_LIMIT.count)
			return reply(
				res,
				entry,
				429,
				{ message: 'A maximum of 10 tokens can be created every 30 minutes' },
				{ 'Retry-After': String(Math.ceil((tokenIssues[0] + TOKEN_LIMIT.windowMs - now) / 1000)) },
			);
		tokenIssues.push(now);
		const token = `sbx-${counters.tokens}-${Math.random().toString(36).slice(2)}`;
		tokens.set(token, { expiresAt: now + tokenTtlMs, starts: [] });
		return reply(res, entry, 200, { created_at: new Date(now).toISOString(), token });
	}

	function bulkUpload(req, res, entry, organisation) {
		counters.bulkCalls++;
		const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
		const token = bearer === undefined ? undefined : tokens.get(bearer);
		if (organisation !== orgId || !token || token.expiresAt <= Date.now()) {
			counters.bulkRejected401++;
			return reply(res, entry, 401, {
				message: token ? 'Access token expired' : 'Invalid access token',
			});
		}
		const scripted = takeScripted(BULK_PATH, entry.body);
		if (scripted) return scriptedReply(res, entry, scripted);
		if (bulkRateLimit) {
			const now = Date.now();
			while (token.starts.length > 0 && token.starts[0] <= now - 1000) token.starts.shift();
			if (token.starts.length >= bulkRateLimit) {
				counters.bulkRejected429++;
				return reply(res, entry, 429, { message: 'Too many requests' }, { 'Retry-After': '1' });
			}
			token.starts.push(now);
		}
		if (entry.parseError) return reply(res, entry, 400, { message: entry.parseError });
		const problems = checkBulkBody(entry.body);
		if (problems.length > 0)
			return reply(res, entry, 400, { message: problems.slice(0, 20).join('; ') });
		counters.bulkAcceptedCalls++;
		if (counters.bulkAcceptedCalls === expireTokensAfterCalls)
			for (const issued of tokens.values()) issued.expiresAt = 0;
		bulkBatchSizes.push(entry.body.campaigns.length);
		for (const campaign of entry.body.campaigns) {
			counters.bulkReceivers++;
			const key = `${campaign.campaign_id} ${campaign.receiver_number}`;
			if (bulkAccepted.has(key)) counters.bulkDuplicateReceivers++;
			else bulkAccepted.add(key);
		}
		return reply(res, entry, 200, { message: 'Payload received successfully for processing' });
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
			const bulk = req.method === 'POST' ? BULK_ROUTE.exec(url.pathname) : null;
			if (bulk) {
				const organisation = decodeURIComponent(bulk[1]);
				return bulk[2] === 'token'
					? issueToken(req, res, entry, organisation)
					: bulkUpload(req, res, entry, organisation);
			}
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
		bulkKeyId,
		bulkApiKey,
		/** "campaign_id receiver" of every receiver the Bulk API accepted. */
		get bulkAccepted() {
			return bulkAccepted;
		},
		/** Campaigns per accepted bulk-upload call, in order. */
		get bulkBatchSizes() {
			return bulkBatchSizes;
		},
		/** Ends every token now (as if its 60 minutes were over). */
		expireTokens() {
			for (const token of tokens.values()) token.expiresAt = 0;
		},
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

module.exports = { createSandbox, CAMPAIGN_PATH, TRUE_PULSE_PATH, BULK_PATH };

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
		tokenTtlMs: Number(option('token-ttl-ms', 60 * 60 * 1000)),
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
