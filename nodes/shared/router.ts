import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** An operation module: its execute runs the whole batch of input items. */
export type Operation = { execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> };

/** resource -> operation -> module, as each node's actions/router.ts declares it. */
export type OperationTable = Record<string, Record<string, Operation>>;

/** Runs the chosen resource and operation; both are fixed for the whole run (no expressions). */
export async function routeOperation(
	context: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const chosen = operations[resource]?.[operation];
	if (!chosen)
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	return [await chosen.execute(context)];
}
