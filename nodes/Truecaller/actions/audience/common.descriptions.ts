/** Audience parameters more than one operation shows; each operation places them in its list. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_CODE } from '../../../shared/phone';

export const audienceCountryCodeField: INodeProperties = {
	displayName: 'Default Country Code',
	name: 'defaultCountryCode',
	type: 'string',
	default: DEFAULT_COUNTRY_CODE,
	description: 'Prefixed to national phone numbers to make the 12-digit Truecaller form',
};
