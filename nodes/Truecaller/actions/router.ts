import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type OperationTable, routeOperation } from '../../shared/router';
import * as fromCleverTapWebhook from './audience/fromCleverTapWebhook.operation';
import * as buildPayload from './verifiedCampaign/buildPayload.operation';
import * as send from './verifiedCampaign/send.operation';
import * as sendInBulk from './verifiedCampaign/sendInBulk.operation';
import {
	AUDIENCE_RESOURCE,
	BUILD_PAYLOAD,
	CAMPAIGN_RESOURCE,
	FROM_CLEVERTAP,
	SEND,
	SEND_IN_BULK,
} from './names';

const OPERATIONS: OperationTable = {
	[CAMPAIGN_RESOURCE]: { [SEND]: send, [BUILD_PAYLOAD]: buildPayload, [SEND_IN_BULK]: sendInBulk },
	[AUDIENCE_RESOURCE]: { [FROM_CLEVERTAP]: fromCleverTapWebhook },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
