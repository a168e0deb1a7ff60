/**
 * The Truecaller node's resource and operation values: what saved workflows hold and the router
 * dispatches on. Here, apart from the descriptions, so that any file can name them without an
 * import cycle.
 */
export const CAMPAIGN_RESOURCE = 'verifiedCampaign';
export const SEND = 'send';
export const BUILD_PAYLOAD = 'buildPayload';
export const SEND_IN_BULK = 'sendInBulk';

export const AUDIENCE_RESOURCE = 'audience';
export const FROM_CLEVERTAP = 'fromCleverTapWebhook';
export const FROM_SEGMENT = 'fromSegmentEvent';
export const FROM_WEBENGAGE = 'fromWebEngageWebhook';
