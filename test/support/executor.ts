/**
 * Runs workflows through n8n-core's real executor (WorkflowExecute), the way n8n's own nodes-base
 * tests do: real node contexts (parameters with expressions and defaults, continueOnFail, static
 * data, pairedItem, execution hints, the execution's cancel signal), n8n-core's HTTP and
 * deduplication helpers, and a credentials helper that applies each credential's `authenticate` as
 * n8n does. Outbound HTTP goes to the sandbox over real sockets.
 *
 * What stands in for n8n's database: the stored credentials of a run, and the deduplication store
 * behind n8n-core's checkProcessedAndRecord (n8n keeps it in its processed_data table).
 */
import {
	CredentialTestContext,
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	WorkflowExecute,
} from 'n8n-core';
import type {
	DeduplicationItemTypes,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataDeduplicator,
	IDataObject,
	IDeduplicationOutput,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IConnections,
	IRun,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow, createRunExecutionData } from 'n8n-workflow';

import { TruePulseApi } from '../../credentials/TruePulseApi.credentials';
import { TruecallerApi } from '../../credentials/TruecallerApi.credentials';
import { TruecallerBulkApi } from '../../credentials/TruecallerBulkApi.credentials';
import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { shutDownN8nCore } from './n8nCoreShutdown';
import { printPinnedOutput, readPinnedWorkflows } from './pinnedWorkflows';

// Each test file that runs workflows stops what n8n-core started, as n8n does at shutdown.
afterAll(() => shutDownN8nCore());

/** Node types as n8n names them once the package is installed. */
export const PACKAGE = 'n8n-nodes-truecaller';

const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	[new TruecallerApi(), new TruecallerBulkApi(), new TruePulseApi()].map((credential) => [
		credential.name,
		credential,
	]),
);

/**
 * The node types of one run. Each node's execute is watched so that a test sees the very error
 * the node threw (n8n records a copy without its class: `{ ...error }`).
 */
function nodeTypesOf(nodes: INodeType[], thrown: unknown[]): INodeTypes {
	const byName: Record<string, INodeType> = {};
	for (const node of nodes) {
		const watched: INodeType = Object.create(node);
		watched.execute = async function (this: IExecuteFunctions) {
			const run = Promise.resolve(node.execute!.call(this));
			run.catch((error: unknown) => thrown.push(error));
			return await run;
		};
		byName[`${PACKAGE}.${node.description.name}`] = watched;
	}
	return {
		getByName: (type) => byName[type],
		getByNameAndVersion: (type) => byName[type],
		getKnownTypes: () => ({}),
	};
}

/** Credentials by type, as if stored in n8n; `authenticate` applied the way n8n applies it. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly stored: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = CREDENTIAL_TYPES[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: string) =>
			workflow.expression.getSimpleParameterValue(node, value, 'internal', {
				$credentials: credentials,
			} as IDataObject);
		const headers = { ...(requestOptions.headers as IDataObject) };
		for (const [name, value] of Object.entries(authenticate.properties.headers ?? {}))
			headers[String(resolve(name))] = resolve(String(value)) as string;
		return { ...requestOptions, headers };
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used: getDecrypted is');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored[type];
		if (!data) throw new Error(`No ${type} credentials in this test`);
		return { ...data };
	}

	async updateCredentials() {
		throw new Error('the nodes of this package never update a credential');
	}

	async updateCredentialsOauthTokenData() {
		throw new Error('the nodes of this package use no OAuth');
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

/**
 * n8n's deduplication store in "entries" mode: the values recorded for a node. n8n-core's
 * DataDeduplicationService is a process-wide singleton, so the store of the running test is set
 * per run (Jest runs a file's tests one at a time).
 */
export interface DeduplicationStore {
	values: Set<string>;
	/** Makes a checkProcessedAndRecord call fail (n8n's unique-key race on processed_data). */
	failRecord?: () => boolean;
}

let currentStore: DeduplicationStore | undefined;

const deduplicator: IDataDeduplicator = {
	async checkProcessedAndRecord(items: DeduplicationItemTypes[]): Promise<IDeduplicationOutput> {
		const store = currentStore ?? { values: new Set<string>() };
		if (store.failRecord?.())
			throw new Error(
				'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context',
			);
		const processed = items.filter((v) => store.values.has(String(v)));
		const fresh = items.filter((v) => !store.values.has(String(v)));
		fresh.forEach((v) => store.values.add(String(v)));
		return { new: fresh, processed };
	},
	async removeProcessed(items: DeduplicationItemTypes[]) {
		items.forEach((v) => currentStore?.values.delete(String(v)));
	},
	async clearAllProcessedItems() {
		currentStore?.values.clear();
	},
	async getProcessedDataCount() {
		return currentStore?.values.size ?? 0;
	},
};

const deduplicationReady = DataDeduplicationService.init(deduplicator);

export interface WorkflowRun {
	nodes: INode[];
	connections?: IConnections;
	/** The node the run starts at, and the items it receives. */
	startNode: string;
	input?: IDataObject[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** 'manual' is an editor run; 'trigger' or 'webhook' a production run (static data kept). */
	mode?: WorkflowExecuteMode;
	/** The workflow's static data; read it back after the run to see what the nodes kept. */
	staticData?: IDataObject;
	/** n8n's deduplication store for this run. */
	deduplication?: DeduplicationStore;
	/** Aborting it stops the execution as n8n's Stop button does (WorkflowExecute's cancel). */
	signal?: AbortSignal;
}

export interface WorkflowResult {
	run: IRun;
	/** The errors the nodes threw, as thrown (n8n's record keeps a classless copy). */
	thrown: unknown[];
}

/** One workflow run through WorkflowExecute; resolves with n8n's own record of the run. */
export async function executeWorkflow(run: WorkflowRun): Promise<WorkflowResult> {
	await deduplicationReady;
	const thrown: unknown[] = [];
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'test',
		nodes: run.nodes,
		connections: run.connections ?? {},
		nodeTypes: nodeTypesOf([new Truecaller(), new TruePulse()], thrown),
		staticData: run.staticData ?? {},
		active: run.mode !== undefined && run.mode !== 'manual',
	});
	const mode = run.mode ?? 'manual';
	const workflowData = {
		id: 'wf-1',
		name: 'test',
		nodes: run.nodes,
		connections: run.connections ?? {},
		active: false,
	} as unknown as IWorkflowBase;
	const additionalData = {
		hooks: new ExecutionLifecycleHooks(mode, 'execution-1', workflowData),
		credentialsHelper: new CredentialsHelper(run.credentials ?? {}),
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		userId: 'user-1',
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('the task runner is not used in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = workflow.getNode(run.startNode);
	if (!startNode) throw new Error(`No node named ${run.startNode}`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [(run.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});
	currentStore = run.deduplication;
	try {
		const execution = new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		const stop = () => execution.cancel();
		if (run.signal?.aborted) stop();
		run.signal?.addEventListener('abort', stop, { once: true });
		// After a stop too: the run's record once the node has returned (what n8n saves).
		const result = await execution;
		run.signal?.removeEventListener('abort', stop);
		if (run.staticData) Object.assign(run.staticData, workflow.staticData);
		return { run: result, thrown };
	} finally {
		currentStore = undefined;
	}
}

/** The task data of one node's first run. */
export function taskOf(result: IRun, nodeName: string): ITaskData {
	const task = result.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`Node ${nodeName} did not run`);
	return task;
}

/**
 * One node's first output, as n8n recorded it; rejects with the node's error when it failed: the
 * error the node threw when n8n recorded that one, else n8n's record of it.
 */
export function outputOf(result: WorkflowResult, nodeName: string): INodeExecutionData[][] {
	const task = taskOf(result.run, nodeName);
	if (task.error) {
		const thrown = result.thrown.find(
			(error) => error instanceof Error && error.message === task.error?.message,
		);
		throw thrown ?? Object.assign(new Error(task.error.message), task.error);
	}
	return (task.data?.main ?? []) as INodeExecutionData[][];
}

/** n8n-core's own credential-test context: its request helper is the one n8n uses. */
export function credentialTestContext(): CredentialTestContext {
	return new CredentialTestContext();
}

export const NODE_UNDER_TEST = 'Node Under Test';

export interface NodeRun {
	node: INodeType;
	/** Stored credentials, for every credential type the node declares. */
	credentials: ICredentialDataDecryptedObject;
	/** The node's parameters as a workflow JSON holds them; expressions start with "=". */
	parameters: INodeParameters;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Workflow static data; given, the run is a production run (static data is kept). */
	staticData?: IDataObject;
	/** n8n's deduplication store for this node; given, the run is a production run. */
	deduplication?: DeduplicationStore;
	/** Collects the execution hints the node adds. */
	hints?: unknown[];
	/** The execution's stop: aborting it cancels the run as n8n's Stop button does. */
	signal?: AbortSignal;
}

/** One action node run by WorkflowExecute; rejects with the node's error. */
export async function runNode(options: NodeRun): Promise<INodeExecutionData[][]> {
	const credentialTypes = options.node.description.credentials ?? [];
	const production = options.staticData !== undefined || options.deduplication !== undefined;
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
		mode: production ? 'trigger' : 'manual',
		staticData: options.staticData,
		deduplication: options.deduplication,
		signal: options.signal,
	});
	options.hints?.push(...(taskOf(result.run, NODE_UNDER_TEST).hints ?? []));
	return outputOf(result, NODE_UNDER_TEST);
}

/**
 * A pinned workflow, in n8n's own test form: the workflow JSON, the items its start node
 * receives, and under `pinData` the output every listed node must produce (pairedItem included).
 */
export interface PinnedWorkflow {
	name: string;
	nodes: INode[];
	connections: IConnections;
	startNode: string;
	input: IDataObject[];
	pinData: Record<string, INodeExecutionData[]>;
	/** The bodies the sandbox must have received, in order, when the workflow sends anything. */
	sandboxReceived?: unknown[];
}

function binaryByNameAndType(item: INodeExecutionData): INodeExecutionData {
	if (!item.binary) return item;
	const binary = Object.fromEntries(
		Object.entries(item.binary).map(([key, { fileName, fileExtension, mimeType }]) => [
			key,
			{ fileName, fileExtension, mimeType },
		]),
	);
	return { ...item, binary } as INodeExecutionData;
}

/** Where a pinned workflow's requests go: the sandbox of the test file, and what it received. */
export interface PinnedWorkflowSandbox {
	url: string;
	requests: Array<{ path: string; body: unknown }>;
}

/**
 * One test per pinned workflow of test/<folder>/workflows: the workflow runs through WorkflowExecute with
 * the given stored credentials; every node in pinData must output exactly what is pinned, and the
 * sandbox must have received exactly the pinned bodies. The sandbox listens on a new port each
 * run, so the workflows name it http://sandbox. Binary data is pinned by file name and type: its
 * content (the campaign preview) is pinned by the preview tests.
 */
export function describePinnedWorkflows(
	folder: string,
	sandbox: PinnedWorkflowSandbox,
	credentials: () => Record<string, ICredentialDataDecryptedObject>,
): void {
	const workflows = readPinnedWorkflows(folder) as PinnedWorkflow[];
	it.each(workflows.map((workflow) => [workflow.name, workflow] as const))(
		'%s',
		async (_name, workflow) => {
			const result = await executeWorkflow({
				nodes: workflow.nodes,
				connections: workflow.connections,
				startNode: workflow.startNode,
				input: workflow.input,
				credentials: credentials(),
			});
			const output = Object.fromEntries(
				Object.keys(workflow.pinData).map((name) => [
					name,
					(outputOf(result, name)[0] ?? []).map(binaryByNameAndType),
				]),
			);
			const pinned = JSON.parse(JSON.stringify(output).replaceAll(sandbox.url, 'http://sandbox'));
			const received = sandbox.requests.map((request) => request.body);
			if (printPinnedOutput) expect({ pinned, received }).toBe('printed for review');
			expect(pinned).toEqual(workflow.pinData);
			expect(received).toEqual(workflow.sandboxReceived ?? []);
		},
	);
}
