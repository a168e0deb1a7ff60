/**
 * What both trigger nodes do with a request before it means anything: method, authentication, size,
 * content type, JSON. Pure, so every hostile request is tested directly.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	type IncomingRequest,
	type WebhookAuthSettings,
	checkAuthSettings,
	checkWebhookAuth,
} from './auth';
import { parseIfJsonText } from '../validation';

export interface RawRequest extends IncomingRequest {
	method: string;
	body: unknown;
	/** The bytes as received; n8n keeps them on the request next to the parsed body. */
	rawBody?: Buffer;
}

/** Events are a few hundred bytes; a megabyte is an attack or a mistake. */
export const MAX_BODY_BYTES = 256 * 1024;

export type Rejection = { status: number; reason: string };

export type ReadResult = { ok: true; body: unknown } | ({ ok: false } & Rejection);

function header(request: RawRequest, name: string): string {
	const value = request.headers[name];
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

function bodySize(request: RawRequest): number {
	if (request.rawBody) return request.rawBody.length;
	const declared = Number(header(request, 'content-length'));
	return Number.isFinite(declared) ? declared : 0;
}

function isJsonContentType(contentType: string): boolean {
	const type = contentType.split(';')[0].trim().toLowerCase();
	return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** The first check, before anything about the node is read. */
export function refuseMethod(request: RawRequest): Rejection | undefined {
	if (request.method.toUpperCase() !== 'POST')
		return { status: 405, reason: `Method ${request.method} is not allowed: use POST` };
	return undefined;
}

/** Checks everything about a request except what its body means. */
export function readJsonRequest(request: RawRequest, auth: WebhookAuthSettings): ReadResult {
	const wrongMethod = refuseMethod(request);
	if (wrongMethod) return { ok: false, ...wrongMethod };
	const setupProblem = checkAuthSettings(auth);
	if (setupProblem)
		return { ok: false, status: 500, reason: `The trigger is not set up: ${setupProblem}` };
	const authProblem = checkWebhookAuth(auth, request);
	if (authProblem) return { ok: false, status: 401, reason: authProblem };
	const size = bodySize(request);
	if (size > MAX_BODY_BYTES)
		return {
			ok: false,
			status: 400,
			reason: `Body is ${size} bytes, over the limit of ${MAX_BODY_BYTES}`,
		};
	const contentType = header(request, 'content-type');
	if (!isJsonContentType(contentType)) {
		return {
			ok: false,
			status: 415,
			reason: `Content-Type must be application/json, got ${JSON.stringify(contentType)}`,
		};
	}
	let body = request.body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	const parsed = parseIfJsonText(body, 'body');
	if (!parsed.ok) return { ok: false, status: 400, reason: parsed.issue.message };
	body = parsed.value;
	if (body === undefined || body === null)
		return { ok: false, status: 400, reason: 'Body is empty: a JSON object is expected' };
	return { ok: true, body };
}

export interface TriggerDecision {
	status: number;
	/** What the sender gets back. */
	response: IDataObject;
	/** The items that start the workflow (one run), when any does. */
	items?: IDataObject[];
	/** The ids claimed in the dedup store, to forget, commit or release once n8n has answered. */
	claimedIds?: string[];
}
