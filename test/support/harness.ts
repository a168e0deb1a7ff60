/**
 * Runs a node's execute() outside n8n, with real HTTP: httpRequestWithAuthentication is played by
 * Node's http module over real sockets, with the credential's generic `authenticate` headers applied
 * the way n8n applies them. n8n itself is exercised by the end-to-end suite; this harness keeps unit
 * tests fast while every byte still crosses a socket.
 */
import * as http from 'http';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
} from 'n8n-workflow';

export interface HarnessOptions {
	node: INodeType;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	/** Parameters; a function is called with the item index (expressions per item). */
	parameters: Record<string, unknown | ((itemIndex: number) => unknown)>;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Workflow static data; given, the run counts as a production run (static data is kept). */
	staticData?: IDataObject;
	/**
	 * n8n's deduplication store for this node (entries mode: the values it holds); given, the run
	 * counts as a production run and checkProcessedAndRecord / removeProcessed work on it.
	 */
	processed?: Set<string>;
	/** Makes a checkProcessedAndRecord call fail when it returns true (n8n's unique-key race). */
	failClaim?: () => boolean;
	/** Collects the execution hints the node adds. */
	hints?: unknown[];
	/** The execution's cancel signal, as n8n hands it to nodes. */
	signal?: AbortSignal;
}

function resolveCredentialExpression(
	value: string,
	credentials: ICredentialDataDecryptedObject,
): string {
	return value.replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/, (_, key: string) =>
		String(credentials[key] ?? ''),
	);
}

export function realHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
		const url = new URL(options.url);
		const req = http.request(
			url,
			{
				method: options.method ?? 'GET',
				headers: {
					...(payload
						? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
						: {}),
					...(options.headers as Record<string, string>),
				},
				timeout: options.timeout,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown = text;
					try {
						body = text === '' ? '' : JSON.parse(text);
					} catch {
						// a non-JSON answer stays text, as n8n returns it
					}
					const statusCode = res.statusCode ?? 0;
					if (!options.ignoreHttpStatusErrors && (statusCode < 200 || statusCode >= 300)) {
						reject(
							Object.assign(new Error(`Request failed with status code ${statusCode}`), {
								httpCode: String(statusCode),
							}),
						);
						return;
					}
					resolve(options.returnFullResponse ? { statusCode, headers: res.headers, body } : body);
				});
			},
		);
		req.on('timeout', () =>
			req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
		);
		req.on('error', reject);
		const signal = options.abortSignal as AbortSignal | undefined;
		if (signal?.aborted) req.destroy(new Error('The operation was aborted'));
		signal?.addEventListener('abort', () => req.destroy(new Error('The operation was aborted')), {
			once: true,
		});
		if (payload) req.write(payload);
		req.end();
	});
}

export async function runNode(options: HarnessOptions): Promise<INodeExecutionData[][]> {
	const node: INode = {
		id: 'test-node',
		name: 'Node Under Test',
		type: `n8n-nodes-truecaller.${options.node.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const authenticate = options.credentialType.authenticate as
		| { properties: { headers?: Record<string, string> } }
		| undefined;

	const context = {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => options.credentials,
		getMode: () => (options.staticData || options.processed ? 'webhook' : 'manual'),
		getWorkflow: () => ({ id: 'wf-1', active: true }),
		getWorkflowStaticData: () => options.staticData ?? {},
		addExecutionHints: (...hints: unknown[]) => options.hints?.push(...hints),
		getExecutionCancelSignal: () => options.signal,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			if (!(name in options.parameters)) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			const value = options.parameters[name];
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
		helpers: {
			httpRequest: realHttpRequest,
			// As n8n-core's helpers do it.
			returnJsonArray: (jsons: IDataObject | IDataObject[]) =>
				(Array.isArray(jsons) ? jsons : [jsons]).map((json) => ({ json })),
			constructExecutionMetaData: (
				items: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } | Array<{ item: number }> },
			) => items.map((item) => ({ ...item, pairedItem: itemData })),
			async checkProcessedAndRecord(values: Array<string | number>) {
				if (options.failClaim?.())
					throw new Error(
						'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context',
					);
				const store = options.processed ?? new Set<string>();
				const processed = values.filter((v) => store.has(String(v)));
				const fresh = values.filter((v) => !store.has(String(v)));
				fresh.forEach((v) => store.add(String(v)));
				return { new: fresh, processed };
			},
			async removeProcessed(values: Array<string | number>) {
				values.forEach((v) => options.processed?.delete(String(v)));
			},
			async httpRequestWithAuthentication(_credentialType: string, request: IHttpRequestOptions) {
				if (typeof options.credentialType.authenticate === 'function') {
					return await realHttpRequest(
						await options.credentialType.authenticate(options.credentials, request),
					);
				}
				const headers: Record<string, string> = { ...(request.headers as Record<string, string>) };
				for (const [header, value] of Object.entries(authenticate?.properties.headers ?? {})) {
					headers[header] = resolveCredentialExpression(value, options.credentials);
				}
				return await realHttpRequest({ ...request, headers });
			},
		},
	} as unknown as IExecuteFunctions;

	return (await options.node.execute!.call(context)) as INodeExecutionData[][];
}

export interface WebhookCall {
	method?: string;
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	/** The parsed body as n8n hands it over (an object for JSON, a string for text). */
	body?: unknown;
	rawBody?: Buffer;
}

export interface WebhookResult {
	status: number;
	body: unknown;
	/** What started the workflow, if anything. */
	items?: IDataObject[];
	/** Plays n8n answering after the run (acknowledge-after-success mode); returns what the sender got. */
	finishRun?: (succeeded: boolean) => { status: number; body: unknown };
}

export interface WebhookState {
	staticData: IDataObject;
	workflowId?: string;
	mode?: string;
	failToStart?: boolean;
	/** The node's version; 1 unless given. */
	typeVersion?: number;
	/** Credentials by type, as getCredentials returns them decrypted; absent types throw as n8n does. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Filled with every credential type and parameter name the node reads, in order. */
	reads?: string[];
	/** What n8n does between webhook() and reading its answer (it creates the execution). */
	startExecution?: () => void;
}

/** A trigger's webhook() with a request, the way n8n calls it; state carries static data between calls. */
export async function callWebhook(
	node: INodeType,
	parameters: Record<string, unknown>,
	call: WebhookCall,
	state: WebhookState = { staticData: {} },
): Promise<WebhookResult> {
	const headers = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...(call.headers ?? {}) }).map(
			([k, v]) => [k.toLowerCase(), v],
		),
	);
	const rawBody =
		call.rawBody ??
		(call.body === undefined
			? undefined
			: Buffer.from(typeof call.body === 'string' ? call.body : JSON.stringify(call.body)));
	const res = {
		statusCode: 200,
		sent: undefined as unknown,
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			this.sent = body;
			return this;
		},
		send(body: unknown) {
			this.sent = body;
			return this;
		},
	};
	const context = {
		getNode: () => ({
			id: 'trigger-node',
			name: 'Trigger',
			type: node.description.name,
			typeVersion: state.typeVersion ?? 1,
			position: [0, 0],
			parameters: {},
		}),
		getWorkflow: () => ({ id: state.workflowId ?? 'wf-1', active: true }),
		getMode: () => state.mode ?? 'webhook',
		getWorkflowStaticData: () => state.staticData,
		getRequestObject: () => ({
			method: call.method ?? 'POST',
			headers,
			query: call.query ?? {},
			body: call.body,
			rawBody,
		}),
		getResponseObject: () => res,
		getNodeParameter(name: string, fallback?: unknown) {
			state.reads?.push(`parameter:${name}`);
			return name in parameters ? parameters[name] : fallback;
		},
		async getCredentials(type: string) {
			state.reads?.push(`credential:${type}`);
			const credential = state.credentials?.[type];
			if (!credential)
				throw new Error(`Node "Trigger" does not have any credentials set for "${type}"`);
			return credential;
		},
	} as unknown as IWebhookFunctions;
	const result = await node.webhook!.call(context);
	const items = result.workflowData?.[0].map((item) => item.json);
	if (result.noWebhookResponse || !items) return { status: res.statusCode, body: res.sent, items };
	// n8n answers for the runs it starts: at once with webhookResponse ("respond when received"),
	// or with an error when it cannot create the execution; after the run in acknowledge mode.
	state.startExecution?.();
	if (state.failToStart)
		res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
	else if (result.webhookResponse !== undefined) res.status(200).json(result.webhookResponse);
	return {
		status: res.statusCode,
		body: res.sent,
		items,
		finishRun(succeeded) {
			if (succeeded) res.status(200).json(undefined);
			else res.status(500).json({ message: 'Error in workflow' });
			return { status: res.statusCode, body: res.sent };
		},
	};
}
