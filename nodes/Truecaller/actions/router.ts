import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type OperationTable, routeOperation } from '../../shared/router';
import * as fromCleverTapWebhook from './audience/fromCleverTapWebhook.operation';
import * as fromSegmentEvent from './audience/fromSegmentEvent.operation';
import * as fromWebEngageWebhook from './audience/fromWebEngageWebhook.operation';
import * as buildPayload from './verifiedCampaign/buildPayload.operation';
import * as send from './verifiedCampaign/send.operation';
import * as sendInBulk from './verifiedCampaign/sendInBulk.operation';
import {
	AUDIENCE_RESOURCE,
	BUILD_PAYLOAD,
	CAMPAIGN_RESOURCE,
	FROM_CLEVERTAP,
	FROM_SEGMENT,
	FROM_WEBENGAGE,
	SEND,
	SEND_IN_BULK,
} from './names';

const OPERATIONS: OperationTable = {
	[CAMPAIGN_RESOURCE]: { [SEND]: send, [BUILD_PAYLOAD]: buildPayload, [SEND_IN_BULK]: sendInBulk },
	[AUDIENCE_RESOURCE]: {
		[FROM_CLEVERTAP]: fromCleverTapWebhook,
		[FROM_SEGMENT]: fromSegmentEvent,
		[FROM_WEBENGAGE]: fromWebEngageWebhook,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
