import { type Admin } from 'kafkajs';
import { metricCatalogue } from './catalogue';
import { type Sample, type ServiceMetrics } from './service-metrics';

/**
 * prestaflow_consumer_lag_messages{group,topic,partition}: for each partition of the topics a
 * consumer group reads, the broker's end offset minus the group's committed offset (the log start
 * when it has committed none), asked of the broker at each scrape.
 */
export function registerConsumerLag(metrics: ServiceMetrics, admin: Admin, group: string, topics: () => readonly string[]): void {
  metrics.gaugeAtScrape(metricCatalogue.consumerLag, async () => {
    const subscribed = [...topics()];
    if (subscribed.length === 0) return [];
    const committed = await admin.fetchOffsets({ groupId: group, topics: subscribed });
    const samples: Array<Sample<'group' | 'topic' | 'partition'>> = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition);
        if (!end) continue;
        const from = Number(offset) >= 0 ? Number(offset) : Number(end.low);
        samples.push({ labels: { group, topic, partition }, value: Math.max(0, Number(end.high) - from) });
      }
    }
    return samples;
  });
}
