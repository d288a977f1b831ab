"""Reading what people meant from ids, labels and titles: node kinds, group kinds and diagram scope."""
