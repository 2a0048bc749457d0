import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured logger. Never log bodies or personal data: ids, codes and counts only. */
export const logger = new Logger({ serviceName: 'pilot-orchestrator' });
