/**
 * The Audience Trigger's credentials can only be checked for completeness: Segment and WebEngage
 * send to n8n and offer nothing n8n could call to try a secret. The first signed request does.
 */
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';

import { type AudiencePlatform, PLATFORM_CREDENTIALS, credentialProblem } from './senders';

export const PLATFORM_SECRET_NOTICE: INodeProperties = {
	displayName:
		'Segment and WebEngage send to n8n and offer nothing that checks a secret, so the test of this credential checks that it is complete. The first signed request proves it.',
	name: 'cannotBeTestedNotice',
	type: 'notice',
	default: '',
};

export async function checkPlatformSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const platform = (Object.keys(PLATFORM_CREDENTIALS) as AudiencePlatform[]).find(
		(candidate) => PLATFORM_CREDENTIALS[candidate] === credential.type,
	);
	if (!platform) return { status: 'Error', message: `Not a platform secret: ${credential.type}` };
	const problem = credentialProblem(platform, credential.data ?? {});
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message: 'Complete. n8n cannot reach the platform to try it: the first signed request does.',
	};
}
