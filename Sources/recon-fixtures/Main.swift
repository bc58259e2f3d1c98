import ArgumentParser

@main
struct ReconFixtures: ParsableCommand {}
