import { createReconcileHandler } from './reconcile/createReconcileHandler';

/**
 * The reconcile Lambda: on its schedule, on demand (`npm run reconcile`, the console's Test
 * button) and as its own continuation. Built at module load, so a bad configuration fails the
 * cold start with a message naming the variable.
 */
export const handler = createReconcileHandler();
