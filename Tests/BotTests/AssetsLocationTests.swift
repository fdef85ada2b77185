import Foundation
import Testing
@testable import Bot

@Suite struct AssetsLocationTests {
    @Test func theInstalledLayoutComesFirstThenTheSourceTreeThenTheWorkingDirectory() {
        let candidates = AssetsLocation.candidates(executable: URL(fileURLWithPath: "/opt/sogreto/bin/sogreto"),
                                                   workingDirectory: URL(fileURLWithPath: "/srv/work"))
        #expect(candidates.map(\.path) == ["/opt/sogreto/share/sogreto/assets", repositoryRoot.appendingPathComponent("assets").path,
                                           "/srv/work/assets"])
    }

    @Test func withoutAssetsTheSentenceNamesEveryFolderTried() throws {
        // Given no SOGRETO_ASSETS_DIR, and none of the folders tried holding assets
        var configuration = try Configuration.load(from: ["SOGRETO_DATA_DIR": "/tmp/none"])
        configuration.assetsSearched = [URL(fileURLWithPath: "/opt/x/share/sogreto/assets"), URL(fileURLWithPath: "/srv/assets")]
        configuration.assetsDirectory = URL(fileURLWithPath: "/srv/assets")
        // Then the check names them all and the variable to set
        let error = #expect(throws: ConfigurationError.self) { try configuration.checkAssets() }
        #expect(error?.description == "SOGRETO_ASSETS_DIR is not set and no assets folder was found in "
                + "/opt/x/share/sogreto/assets, /srv/assets: set it to the assets folder")
        // And a set variable pointing at the wrong folder is named as such
        configuration.assetsSearched = []
        let explicit = #expect(throws: ConfigurationError.self) { try configuration.checkAssets() }
        #expect(explicit?.description.contains("is /srv/assets, which holds no locales/bot.ru.json") == true)
    }

    @Test func theAudioFolderIsTheVariableElseBesideTheAssetsFromAnyFolder() throws {
        // Given the bot started from a folder that is not the repository
        let elsewhere = URL(fileURLWithPath: "/")
        let configuration = try Configuration.load(from: [:], workingDirectory: elsewhere)
        // Then its audio is the repository's, beside the assets it found, as the commands find it
        #expect(configuration.audioDirectory.path == repositoryRoot.appendingPathComponent("audio").path)
        #expect(AssetsLocation.audio(environment: [:], assets: configuration.assetsDirectory, workingDirectory: elsewhere)
                == configuration.audioDirectory)
        // And SOGRETO_AUDIO_DIR wins, relative to the working directory, for the bot and the commands alike
        let named = try Configuration.load(from: ["SOGRETO_AUDIO_DIR": "kit/audio"], workingDirectory: URL(fileURLWithPath: "/srv"))
        #expect(named.audioDirectory.path == "/srv/kit/audio")
        #expect(AssetsLocation.audio(environment: ["SOGRETO_AUDIO_DIR": "kit/audio"], assets: named.assetsDirectory,
                                     workingDirectory: URL(fileURLWithPath: "/srv")).path == "/srv/kit/audio")
    }

    @Test func theDefaultFindsTheSourceTreesAssetsFromAnyFolder() throws {
        let configuration = try Configuration.load(from: [:], workingDirectory: URL(fileURLWithPath: "/"))
        #expect(configuration.assetsDirectory.path == repositoryRoot.appendingPathComponent("assets").path)
        #expect(throws: Never.self) { try configuration.checkAssets() }
    }
}

/// Commands that read assets without a whole configuration (`content check`, `diary render`)
/// find them as `sogreto run` does.
@Suite struct AssetsResolutionTests {
    @Test func theVariableWinsRelativeToTheWorkingDirectory() {
        let assets = AssetsLocation.resolve(environment: ["SOGRETO_ASSETS_DIR": "kit/assets"],
                                            workingDirectory: URL(fileURLWithPath: "/srv/work"))
        #expect(assets.path == "/srv/work/kit/assets")
    }

    @Test func withoutTheVariableCommandsFindWhatTheBotFinds() throws {
        let elsewhere = URL(fileURLWithPath: "/")
        let configuration = try Configuration.load(from: [:], workingDirectory: elsewhere)
        let assets = AssetsLocation.resolve(environment: ["SOGRETO_ASSETS_DIR": ""], workingDirectory: elsewhere)
        #expect(assets.path == configuration.assetsDirectory.path)
        #expect(assets.path == repositoryRoot.appendingPathComponent("assets").path)
    }
}
