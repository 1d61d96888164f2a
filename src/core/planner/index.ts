/** The change planner. */
export { applyPlan, isEmptyPlan, planChange } from './plan';
