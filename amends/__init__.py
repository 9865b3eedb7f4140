"""amends: compensation for victims of wartime forced labour and their heirs."""
