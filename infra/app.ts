import { App } from 'aws-cdk-lib';
import { DEPLOY_STAGES, isDeployStage, PilotOrchestratorStack } from './stack.js';

const app = new App();

const stage: unknown = app.node.tryGetContext('stage');
if (!isDeployStage(stage)) {
  throw new Error(`context "stage" must be one of ${DEPLOY_STAGES.join(', ')}; got ${JSON.stringify(stage)}`);
}

// Environment-agnostic on purpose: synth needs no credentials and performs no
// lookups. The account and region come from the deploying profile.
new PilotOrchestratorStack(app, `PilotOrchestrator-${stage}`, { stage });

app.synth();
