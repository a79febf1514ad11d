/** The dead-letter topic of a service, e.g. `crm.dlt.v1` (test services get one too). */
export const deadLetterTopicFor = (service: string): string => `${service}.dlt.v1`;
