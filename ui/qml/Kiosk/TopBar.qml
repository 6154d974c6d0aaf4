import QtQuick
import QtQuick.Layouts
import KioskCore

// Always in the same place on every screen: back, home, language, text size.
Rectangle {
    id: bar
    implicitHeight: Theme.touch + Theme.gap * 2
    color: Theme.primary

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        BigButton {
            objectName: "backButton"
            visible: Kiosk.canGoBack
            text: qsTr("‹ Back")
            Layout.preferredHeight: Theme.touch
            onClicked: Kiosk.back()
        }
        BigButton {
            objectName: "homeButton"
            text: qsTr("⌂ Home")
            Layout.preferredHeight: Theme.touch
            onClicked: Kiosk.home()
        }
        Item { Layout.fillWidth: true }
        BigButton {
            objectName: "textSizeButton"
            text: Kiosk.largeText ? "A−" : "A+"
            Accessible.name: Kiosk.largeText ? qsTr("Normal text") : qsTr("Larger text")
            Layout.preferredHeight: Theme.touch
            Layout.preferredWidth: Theme.touch * 1.2
            onClicked: Kiosk.setLargeText(!Kiosk.largeText)
        }
        BigButton {
            objectName: "languageButton"
            // Each language is offered in its own words.
            text: Kiosk.language === "vi" ? "English" : "Tiếng Việt"
            Layout.preferredHeight: Theme.touch
            onClicked: Kiosk.setLanguage(Kiosk.language === "vi" ? "en" : "vi")
        }
    }
}
