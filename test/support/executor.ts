/**
 * Runs workflows through n8n-core's real executor (WorkflowExecute), the way n8n's own nodes-base
 * tests do: real node contexts (parameters with expressions and defaults, continueOnFail, static
 * data, pairedItem, execution hints), n8n-core's HTTP helpers, and a credentials helper that applies
 * each credential's `authenticate` as n8n does. Outbound HTTP goes to the sandbox over real sockets.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
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
import {
	ICredentialsHelper,
	Workflow,
	createDeferredPromise,
	createRunExecutionData,
} from 'n8n-workflow';

import { TruePulseApi } from '../../credentials/TruePulseApi.credentials';
import { TruecallerApi } from '../../credentials/TruecallerApi.credentials';
import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';

/** Node types as n8n names them once the package is installed. */
export const PACKAGE = 'n8n-nodes-truecaller';

const NODE_TYPES: Record<string, INodeType> = Object.fromEntries(
	[new Truecaller(), new TruecallerTrigger(), new TruePulse(), new TruePulseTrigger()].map(
		(node) => [`${PACKAGE}.${node.description.name}`, node],
	),
);

const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	[new TruecallerApi(), new TruePulseApi()].map((credential) => [credential.name, credential]),
);

const nodeTypes: INodeTypes = {
	getByName: (type) => NODE_TYPES[type],
	getByNameAndVersion: (type) => NODE_TYPES[type],
	getKnownTypes: () => ({}),
};

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

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

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
}

/** One workflow run through WorkflowExecute; resolves with n8n's own record of the run. */
export async function executeWorkflow(run: WorkflowRun): Promise<IRun> {
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'test',
		nodes: run.nodes,
		connections: run.connections ?? {},
		nodeTypes,
		staticData: run.staticData ?? {},
		active: false,
	});
	const mode = run.mode ?? 'manual';
	const workflowData = {
		id: 'wf-1',
		name: 'test',
		nodes: run.nodes,
		connections: run.connections ?? {},
		active: false,
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, 'execution-1', workflowData);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finished.resolve(fullRunData));
	const additionalData = {
		hooks,
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
	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	const result = await finished.promise;
	if (run.staticData) Object.assign(run.staticData, workflow.staticData);
	return result;
}

/** The task data of one node's first run. */
export function taskOf(result: IRun, nodeName: string): ITaskData {
	const task = result.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`Node ${nodeName} did not run`);
	return task;
}

/** One node's first output, as n8n recorded it; rejects with the node's error when it failed. */
export function outputOf(result: IRun, nodeName: string): INodeExecutionData[][] {
	const task = taskOf(result, nodeName);
	// n8n records the node's error as data; rebuilt as an Error with every field n8n kept.
	if (task.error) throw Object.assign(new Error(task.error.message), task.error);
	return (task.data?.main ?? []) as INodeExecutionData[][];
}

/**
 * A workflow fixture, in n8n's own test form: the workflow JSON, the items its start node
 * receives, and under `pinData` the output every listed node must produce (pairedItem included).
 */
export interface WorkflowFixture {
	name: string;
	nodes: INode[];
	connections: IConnections;
	startNode: string;
	input: IDataObject[];
	pinData: Record<string, INodeExecutionData[]>;
	/** The bodies the sandbox must have received, in order, when the workflow sends anything. */
	sandboxReceived?: unknown[];
}

/** Runs a fixture; credentials are the test's (they point at the sandbox of the run). */
export async function runFixture(
	fixture: WorkflowFixture,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<Record<string, INodeExecutionData[]>> {
	const result = await executeWorkflow({
		nodes: fixture.nodes,
		connections: fixture.connections,
		startNode: fixture.startNode,
		input: fixture.input,
		credentials,
	});
	return Object.fromEntries(
		Object.keys(fixture.pinData).map((name) => [name, outputOf(result, name)[0] ?? []]),
	);
}
