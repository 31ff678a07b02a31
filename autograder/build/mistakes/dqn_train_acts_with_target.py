"""train_dqn picks its greedy actions with the frozen Q_old instead of Q_new."""

PART = "dqn"
NAME = "greedy actions from Q_old"
EXPLANATION = (
    "Your train_dqn takes its greedy action as argmax_a Q_old(phi_t, a): Algorithm 1 "
    "acts with the network it trains, a_t = argmax_a Q_new(phi_t, a) (q_net)."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        (
            "                action = int(q_net(torch.from_num"
            "py(np.asarray(obs))[None]).argmax(dim=1).item())\n"
        ),
        (
            "                action = int(\n"
            "                    target_net(torch.from_nump"
            "y(np.asarray(obs))[None]).argmax(dim=1).item()\n"
            "                )\n"
        ),
    ),
]
