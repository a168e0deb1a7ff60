/**
 * Helpers for the unit tests. runNode runs one action node through n8n-core's real executor
 * (./executor.ts): parameters are resolved by n8n (expressions such as `={{ $json.phone }}` and
 * the node's defaults), credentials are applied by the credential type's `authenticate`, and the
 * HTTP goes through n8n-core's helpers to the sandbox over real sockets. callWebhook calls a
 * trigger's webhook() the way n8n's webhook server does.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookFunctions,
} from 'n8n-workflow';

import { PACKAGE, executeWorkflow, outputOf, taskOf } from './executor';

export const NODE_UNDER_TEST = 'Node Under Test';

export interface HarnessOptions {
	node: INodeType;
	/** Stored credentials of the node's credential type. */
	credentials: ICredentialDataDecryptedObject;
	/** The node's parameters as a workflow JSON holds them; expressions start with "=". */
	parameters: INodeParameters;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Workflow static data; given, the run is a production run (static data is kept). */
	staticData?: IDataObject;
	/** Collects the execution hints the node adds. */
	hints?: unknown[];
}

/** One action node run by WorkflowExecute; rejects with the node's error as n8n recorded it. */
export async function runNode(options: HarnessOptions): Promise<INodeExecutionData[][]> {
	const credentialTypes = options.node.description.credentials ?? [];
	const result = await executeWorkflow({
		nodes: [
			{
				id: 'node-under-test',
				name: NODE_UNDER_TEST,
				type: `${PACKAGE}.${options.node.description.name}`,
				typeVersion: 1,
				position: [0, 0],
				parameters: options.parameters,
				credentials: Object.fromEntries(
					credentialTypes.map((c) => [c.name, { id: `${c.name}-1`, name: c.name }]),
				),
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		startNode: NODE_UNDER_TEST,
		input: options.items,
		credentials: Object.fromEntries(credentialTypes.map((c) => [c.name, options.credentials])),
		mode: options.staticData ? 'trigger' : 'manual',
		staticData: options.staticData,
	});
	options.hints?.push(...(taskOf(result, NODE_UNDER_TEST).hints ?? []));
	return outputOf(result, NODE_UNDER_TEST);
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

/** A trigger's webhook() with a request, the way n8n calls it; state carries static data between calls. */
export async function callWebhook(
	node: INodeType,
	parameters: Record<string, unknown>,
	call: WebhookCall,
	state: { staticData: IDataObject; workflowId?: string; mode?: string; failToStart?: boolean } = {
		staticData: {},
	},
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
			typeVersion: 1,
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
			return name in parameters ? parameters[name] : fallback;
		},
	} as unknown as IWebhookFunctions;
	const result = await node.webhook!.call(context);
	const items = result.workflowData?.[0].map((item) => item.json);
	if (result.noWebhookResponse || !items) return { status: res.statusCode, body: res.sent, items };
	// n8n answers for the runs it starts: at once with webhookResponse ("respond when received"),
	// or with an error when it cannot create the execution; after the run in acknowledge mode.
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
