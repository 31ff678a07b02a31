"""train_dqn builds a new Adam optimizer for every gradient step."""

PART = "dqn"
NAME = "a new optimizer at every update"
EXPLANATION = (
    "Your train_dqn builds a new optimizer for every gradient step, so Adam's running "
    "averages start from zero each time: build one optimizer for Q_new before the "
    "loop and keep it."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        (
            "\n"
            "        # Q update: one gradient step on a random minibatch from D.\n"
            "        if step >= learning_starts and step % train_every == 0:\n"
            "            loss = dqn_loss(q_net, target_net, replay.sample(batch_size), gamma)\n"
            "            optimizer.zero_grad()\n"
            "            loss.backward()\n"
        ),
        (
            "\n"
            "        # Q update: one gradient step on a random minibatch from D.\n"
            "        if step >= learning_starts and step % train_every == 0:\n"
            "            optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)  # the mistake\n"
            "            loss = dqn_loss(q_net, target_net, replay.sample(batch_size), gamma)\n"
            "            optimizer.zero_grad()\n"
            "            loss.backward()\n"
        ),
    ),
]
