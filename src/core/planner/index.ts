/** The change planner. */
export { applyPlan, isEmptyPlan, planChange, planUser } from './plan';
