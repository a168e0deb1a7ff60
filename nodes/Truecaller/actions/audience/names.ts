/** The audience resource and its operations, as parameters and the router name them. */
export const AUDIENCE_RESOURCE = 'audience';
export const FROM_CLEVERTAP = 'fromCleverTapWebhook';
export const FROM_SEGMENT = 'fromSegmentEvent';
export const FROM_WEBENGAGE = 'fromWebEngageWebhook';
