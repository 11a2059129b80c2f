import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createLogger, installLogger } from '../../services/observability/logger.ts';

// Worker lifecycle chatter drowns test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });
// Likewise the platform's own lines (one per request): warnings and errors only.
installLogger(createLogger({ level: 'warn' }));
