import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type OperationTable, routeOperation } from '../../shared/router';
import { CALL_END_RESOURCE, SEND } from './names';
import * as send from './callEnd/send.operation';

const OPERATIONS: OperationTable = {
	[CALL_END_RESOURCE]: { [SEND]: send },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
