/**
 * The platform's secret credential. It has no credential test, as the Truecaller and True Pulse
 * webhook secrets have none: Segment and WebEngage send to n8n and offer nothing n8n could call to
 * try a secret. The trigger checks it is complete when the workflow is published or listens for a
 * test event, refuses every request while it is not (checkProof), and the first signed request
 * proves the rest.
 */
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { credentialRefusal } from '../../shared/webhook/auth';
import { credentialNameOf, credentialOrEmpty } from '../../shared/webhook/triggerContext';
import { type AudiencePlatform, PLATFORM_CREDENTIALS, credentialProblem } from './senders';

const platformOf = (context: IHookFunctions | IWebhookFunctions) =>
	context.getNodeParameter('platform', 'segment') as AudiencePlatform;

/** The platform's credential, as a request needs it (credentialOrEmpty). */
export async function platformCredential(
	context: IWebhookFunctions,
): Promise<Record<string, unknown>> {
	return await credentialOrEmpty(context, PLATFORM_CREDENTIALS[platformOf(context)]);
}

/** Why the node's platform credential cannot work, when the workflow is published or listens. */
export async function unusablePlatformCredential(
	context: IHookFunctions,
): Promise<string | undefined> {
	const platform = platformOf(context);
	const type = PLATFORM_CREDENTIALS[platform];
	const credential = await context.getCredentials(type);
	return credentialRefusal(
		credentialNameOf(context, type),
		credentialProblem(platform, credential),
	);
}
