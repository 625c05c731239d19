/** Python examples/basic_staking.py: staking summary, delegations and the latest rewards of this account. */
import { run, setup } from "./_config.js";

run(async () => {
  const { address, info } = await setup({ skipWs: true });
  console.log("Staking summary:");
  console.log(JSON.stringify(await info.user_staking_summary(address), null, 2));
  // The Python example calls info.user_stakes; the SDK (0.24) names the `delegations` request user_staking_delegations.
  console.log("Staking breakdown:");
  console.log(JSON.stringify(await info.user_staking_delegations(address), null, 2));
  const rewards = await info.user_staking_rewards(address);
  console.log("Most recent staking rewards:");
  console.log(JSON.stringify(rewards.slice(0, 5), null, 2));
});
